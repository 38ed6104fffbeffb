package dev.pharos.present.prometheus;

import com.linecorp.armeria.common.AggregatedHttpRequest;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.server.ServiceRequestContext;
import dev.pharos.access.AccessControl;
import dev.pharos.access.Identity;
import dev.pharos.present.api.Explore;
import dev.pharos.present.api.RequestParams;
import dev.pharos.query.Params;
import dev.pharos.query.QueryException;
import dev.pharos.query.audit.AuditLog;
import dev.pharos.query.promql.EngineOptions;
import dev.pharos.query.promql.PromqlException;
import dev.pharos.query.promql.PromqlJson;
import dev.pharos.query.promql.PromqlResult;
import dev.pharos.query.promql.ast.AggregateExpr;
import dev.pharos.query.promql.ast.BinaryExpr;
import dev.pharos.query.promql.ast.Call;
import dev.pharos.query.promql.ast.Expr;
import dev.pharos.query.promql.ast.MatrixSelector;
import dev.pharos.query.promql.ast.Numbers;
import dev.pharos.query.promql.ast.NumberLiteral;
import dev.pharos.query.promql.ast.ParenExpr;
import dev.pharos.query.promql.ast.StringLiteral;
import dev.pharos.query.promql.ast.SubqueryExpr;
import dev.pharos.query.promql.ast.UnaryExpr;
import dev.pharos.query.promql.ast.VectorSelector;
import dev.pharos.query.promql.clickhouse.PromIndex;
import dev.pharos.query.promql.clickhouse.PromReader;
import dev.pharos.query.promql.storage.LabelMatcher;
import dev.pharos.query.promql.storage.Labels;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The Prometheus HTTP API over the engine's tables, so Grafana's Prometheus data source,
 * promtool and dashboards work unchanged: {@code /api/v1/query}, {@code query_range},
 * {@code series}, {@code labels}, {@code label/<name>/values}, {@code metadata},
 * {@code query_exemplars}, {@code status/buildinfo}. GET and POST (form) alike; Prometheus's JSON
 * shapes and error format; every call audited (channel "promql") and confined to the caller's tenants.
 */
public final class PrometheusApi {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(PrometheusApi.class);
    /** Prometheus refuses range queries with more points per series than this. */
    private static final long MAX_POINTS = 11_000;

    private final Explore explore;
    private final String version;

    private PrometheusApi(Explore explore, String version) {
        this.explore = explore;
        this.version = version;
    }

    /** What a handler answered, and what the audit log records of it. */
    private record Answer(byte[] json, String statement, long rows) {}

    @FunctionalInterface
    private interface Handler {
        Answer handle(PromReader reader, Params p, ServiceRequestContext ctx);
    }

    public static void register(ServerBuilder sb, Explore explore, String version) {
        PrometheusApi api = new PrometheusApi(explore, version);
        api.route(sb, "/api/v1/query", api::query);
        api.route(sb, "/api/v1/query_range", api::queryRange);
        api.route(sb, "/api/v1/series", api::series);
        api.route(sb, "/api/v1/labels", api::labels);
        api.route(sb, "/api/v1/label/{name}/values", api::labelValues);
        api.route(sb, "/api/v1/metadata", api::metadata);
        api.route(sb, "/api/v1/query_exemplars", api::exemplars);
        api.route(sb, "/api/v1/status/buildinfo", api::buildInfo);
        api.route(sb, "/api/v1/rules", api::rules);
        api.route(sb, "/api/v1/alerts", api::alerts);
    }

    private void route(ServerBuilder sb, String path, Handler handler) {
        HttpService service = (ctx, req) -> HttpResponse.of(req.aggregate().thenApplyAsync(agg -> run(ctx, agg, handler),
                ctx.blockingTaskExecutor()));
        sb.route().path(path).methods(HttpMethod.GET, HttpMethod.POST).build(service);
    }

    private HttpResponse run(ServiceRequestContext ctx, AggregatedHttpRequest agg, Handler handler) {
        long start = System.nanoTime();
        Identity who = AccessControl.identity(ctx);
        String statement = "";
        long rows = 0;
        String error = "";
        Params p = null;
        try {
            p = RequestParams.of(ctx, agg);
            Answer a = handler.handle(explore.prometheus().scopedTo(who.tenants()), p, ctx);
            statement = a.statement();
            rows = a.rows();
            return HttpResponse.of(HttpStatus.OK, MediaType.JSON_UTF_8, a.json());
        } catch (PromqlException e) {
            error = e.getMessage();
            return HttpResponse.of(HttpStatus.valueOf(PromqlJson.httpStatus(e.kind())), MediaType.JSON_UTF_8,
                    PromJson.error(e.kind().apiErrorType(), e.getMessage()));
        } catch (QueryException | IllegalArgumentException e) {
            error = e.getMessage();
            return HttpResponse.of(HttpStatus.BAD_REQUEST, MediaType.JSON_UTF_8, PromJson.error("bad_data", e.getMessage()));
        } catch (RuntimeException e) {
            log.error("{} {} failed", ctx.method(), ctx.path(), e);
            error = "internal error: " + e;
            return HttpResponse.of(HttpStatus.INTERNAL_SERVER_ERROR, MediaType.JSON_UTF_8,
                    PromJson.error("internal", "internal error: " + e.getMessage() + " (details in the server log)"));
        } finally {
            String args = p == null || p.get("query") == null ? (ctx.query() == null ? "" : ctx.query()) : p.get("query");
            explore.audit().record(new AuditLog.Entry(Instant.now(), who.name(), who.tenants().toString(), "promql", ctx.path(), args,
                    statement, rows, (System.nanoTime() - start) / 1e6, error));
        }
    }

    private static String required(Params p, String name) {
        String v = p.get(name);
        if (v == null) {
            throw PromParams.bad("invalid parameter \"" + name + "\": parameter is missing");
        }
        return v;
    }

    /** Engine options for this request: its {@code timeout} if shorter than the configured one, and {@code lookback_delta}. */
    private static EngineOptions options(PromReader reader, Params p) {
        EngineOptions o = reader.engineOptions();
        if (p.get("timeout") != null) {
            long ms = PromParams.duration(p, "timeout");
            if (ms > 0 && ms < o.timeout().toMillis()) {
                o = o.withTimeout(Duration.ofMillis(ms));
            }
        }
        if (p.get("lookback_delta") != null) {
            long ms = PromParams.duration(p, "lookback_delta");
            if (ms > 0) {
                o = o.withLookbackDelta(Duration.ofMillis(ms));
            }
        }
        return o;
    }

    private Answer query(PromReader reader, Params p, ServiceRequestContext ctx) {
        String q = required(p, "query");
        long time = PromParams.time(p, "time", System.currentTimeMillis());
        PromqlResult r = reader.engine().instantQuery(q, time, options(reader, p));
        return new Answer(PromJson.success(PromJson.result(r, p.get("stats") != null), r.warnings(), r.infos()), q, r.stats().seriesSelected());
    }

    private Answer queryRange(PromReader reader, Params p, ServiceRequestContext ctx) {
        String q = required(p, "query");
        long start = PromParams.time(p, "start", Long.MIN_VALUE);
        long end = PromParams.time(p, "end", Long.MIN_VALUE);
        if (start == Long.MIN_VALUE) {
            throw PromParams.bad("invalid parameter \"start\": cannot parse \"\" to a valid timestamp");
        }
        if (end == Long.MIN_VALUE) {
            throw PromParams.bad("invalid parameter \"end\": cannot parse \"\" to a valid timestamp");
        }
        if (end < start) {
            throw PromParams.bad("invalid parameter \"end\": end timestamp must not be before start time");
        }
        long step = PromParams.duration(p, "step");
        if (step <= 0) {
            throw PromParams.bad("invalid parameter \"step\": zero or negative query resolution step widths are not accepted. Try a positive integer");
        }
        if ((end - start) / step > MAX_POINTS) {
            throw PromParams.bad("exceeded maximum resolution of 11,000 points per timeseries. Try decreasing the query resolution (?step=XX)");
        }
        PromqlResult r = reader.engine().rangeQuery(q, start, end, step, options(reader, p));
        return new Answer(PromJson.success(PromJson.result(r, p.get("stats") != null), r.warnings(), r.infos()), q, r.stats().seriesSelected());
    }

    private Answer series(PromReader reader, Params p, ServiceRequestContext ctx) {
        List<List<LabelMatcher>> selectors = PromParams.selectors(p);
        if (selectors.isEmpty()) {
            throw PromParams.bad("no match[] parameter provided");
        }
        List<Labels> found = reader.index().series(selectors, PromParams.time(p, "start", PromParams.MIN_TIME),
                PromParams.time(p, "end", PromParams.MAX_TIME), PromParams.limit(p));
        byte[] json = PromJson.success(g -> {
            g.writeStartArray();
            for (Labels l : found) {
                g.writeStartObject();
                PromJson.labelPairs(g, l);
                g.writeEndObject();
            }
            g.writeEndArray();
        }, List.of(), List.of());
        return new Answer(json, String.join(" or ", p.all("match[]")), found.size());
    }

    private Answer labels(PromReader reader, Params p, ServiceRequestContext ctx) {
        List<String> names = reader.index().labelNames(PromParams.selectors(p), PromParams.time(p, "start", PromParams.MIN_TIME),
                PromParams.time(p, "end", PromParams.MAX_TIME), PromParams.limit(p));
        return new Answer(PromJson.success(g -> strings(g, names), List.of(), List.of()), "", names.size());
    }

    private Answer labelValues(PromReader reader, Params p, ServiceRequestContext ctx) {
        String name = ctx.pathParam("name");
        if (name.startsWith("U__")) {
            name = unescapeUtf8Name(name.substring(3));
        }
        List<String> values = reader.index().labelValues(name, PromParams.selectors(p), PromParams.time(p, "start", PromParams.MIN_TIME),
                PromParams.time(p, "end", PromParams.MAX_TIME), PromParams.limit(p));
        return new Answer(PromJson.success(g -> strings(g, values), List.of(), List.of()), name, values.size());
    }

    /** Prometheus 3's escaping of UTF-8 label names in URL paths: {@code U__} then _XX_ hex code points, __ for _. */
    private static String unescapeUtf8Name(String s) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '_' && i + 1 < s.length() && s.charAt(i + 1) == '_') {
                out.append('_');
                i++;
            } else if (c == '_') {
                int end = s.indexOf('_', i + 1);
                if (end < 0) {
                    throw PromParams.bad("invalid escaped label name");
                }
                try {
                    out.appendCodePoint(Integer.parseInt(s.substring(i + 1, end), 16));
                } catch (IllegalArgumentException e) {
                    throw PromParams.bad("invalid escaped label name");
                }
                i = end;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private Answer metadata(PromReader reader, Params p, ServiceRequestContext ctx) {
        Map<String, List<PromIndex.Metadata>> md = reader.index().metadata(p.get("metric"), PromParams.limit(p));
        byte[] json = PromJson.success(g -> {
            g.writeStartObject();
            for (var e : md.entrySet()) {
                g.writeArrayFieldStart(e.getKey());
                for (PromIndex.Metadata m : e.getValue()) {
                    g.writeStartObject();
                    g.writeStringField("type", m.type());
                    g.writeStringField("help", m.help());
                    g.writeStringField("unit", m.unit());
                    g.writeEndObject();
                }
                g.writeEndArray();
            }
            g.writeEndObject();
        }, List.of(), List.of());
        return new Answer(json, "", md.size());
    }

    private Answer exemplars(PromReader reader, Params p, ServiceRequestContext ctx) {
        String q = required(p, "query");
        Expr expr = dev.pharos.query.promql.PromqlEngine.parse(q);
        List<LabelMatcher> matchers = selectorOf(expr);
        long now = System.currentTimeMillis();
        List<PromIndex.SeriesExemplars> found = reader.index().exemplars(matchers, PromParams.time(p, "start", now - 3_600_000),
                PromParams.time(p, "end", now), PromParams.limit(p));
        byte[] json = PromJson.success(g -> {
            g.writeStartArray();
            for (PromIndex.SeriesExemplars s : found) {
                g.writeStartObject();
                g.writeObjectFieldStart("seriesLabels");
                PromJson.labelPairs(g, s.series());
                g.writeEndObject();
                g.writeArrayFieldStart("exemplars");
                for (PromIndex.Exemplar x : s.exemplars()) {
                    g.writeStartObject();
                    g.writeObjectFieldStart("labels");
                    for (var l : x.labels().entrySet()) {
                        g.writeStringField(l.getKey(), l.getValue());
                    }
                    g.writeEndObject();
                    g.writeStringField("value", Numbers.format(x.value()));
                    g.writeFieldName("timestamp");
                    g.writeRawValue(PromqlJson.timestamp(x.timestampMs()));
                    g.writeEndObject();
                }
                g.writeEndArray();
                g.writeEndObject();
            }
            g.writeEndArray();
        }, List.of(), List.of());
        return new Answer(json, q, found.size());
    }

    /** The first vector selector of an expression: exemplars are looked up for the series a query reads. */
    private static List<LabelMatcher> selectorOf(Expr expr) {
        List<LabelMatcher> found = firstSelector(expr);
        if (found == null) {
            throw PromParams.bad("the query has no series selector");
        }
        return found;
    }

    private static List<LabelMatcher> firstSelector(Expr e) {
        return switch (e) {
            case VectorSelector vs -> vs.matchers();
            case MatrixSelector ms -> ms.selector().matchers();
            case SubqueryExpr sq -> firstSelector(sq.expr());
            case ParenExpr pe -> firstSelector(pe.expr());
            case UnaryExpr ue -> firstSelector(ue.expr());
            case BinaryExpr be -> {
                List<LabelMatcher> l = firstSelector(be.lhs());
                yield l != null ? l : firstSelector(be.rhs());
            }
            case AggregateExpr ae -> firstSelector(ae.expr());
            case Call c -> c.args().stream().map(PrometheusApi::firstSelector).filter(java.util.Objects::nonNull).findFirst().orElse(null);
            case NumberLiteral n -> null;
            case StringLiteral s -> null;
        };
    }

    /**
     * Rules and alerts are evaluated over every tenant's data by the server's own configuration, so
     * only callers who see every tenant see them; others get an empty list.
     */
    private boolean seesEveryTenant(ServiceRequestContext ctx) {
        return AccessControl.identity(ctx).tenants().isAll();
    }

    private Answer rules(PromReader reader, Params p, ServiceRequestContext ctx) {
        if (explore.rules() == null || !seesEveryTenant(ctx)) {
            return new Answer(PromJson.success(g -> g.writeRawValue("{\"groups\":[]}"), List.of(), List.of()), "", 0);
        }
        var filter = dev.pharos.query.alerting.RulesApiModel.RulesFilter.of(p.get("type"), p.all("rule_name[]"), p.all("rule_group[]"),
                p.all("file[]"), p.get("exclude_alerts"), p.all("match[]"));
        var model = explore.rules().rules(filter);
        return new Answer(PromJson.success(g -> g.writeObject(model), List.of(), List.of()), "", model.groups().size());
    }

    private Answer alerts(PromReader reader, Params p, ServiceRequestContext ctx) {
        if (explore.rules() == null || !seesEveryTenant(ctx)) {
            return new Answer(PromJson.success(g -> g.writeRawValue("{\"alerts\":[]}"), List.of(), List.of()), "", 0);
        }
        var model = explore.rules().alerts();
        return new Answer(PromJson.success(g -> g.writeObject(model), List.of(), List.of()), "", model.alerts().size());
    }

    private Answer buildInfo(PromReader reader, Params p, ServiceRequestContext ctx) {
        byte[] json = PromJson.success(g -> {
            g.writeStartObject();
            g.writeStringField("version", "3.0.0");
            g.writeStringField("revision", "pharos-" + version);
            g.writeStringField("branch", "pharos");
            g.writeStringField("buildUser", "pharos");
            g.writeStringField("buildDate", "");
            g.writeStringField("goVersion", "java" + Runtime.version().feature());
            g.writeEndObject();
        }, List.of(), List.of());
        return new Answer(json, "", 1);
    }

    private static void strings(com.fasterxml.jackson.core.JsonGenerator g, List<String> values) throws java.io.IOException {
        g.writeStartArray();
        for (String v : values) {
            g.writeString(v);
        }
        g.writeEndArray();
    }
}
