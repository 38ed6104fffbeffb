package dev.pharos.present.api;

import com.linecorp.armeria.common.AggregatedHttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.server.ServiceRequestContext;
import dev.pharos.query.Params;
import dev.pharos.query.QueryException;
import dev.pharos.access.AccessControl;
import dev.pharos.query.attributes.AttributeDiscovery;
import dev.pharos.query.audit.AuditLog;
import dev.pharos.query.logs.LogHistogram;
import dev.pharos.query.logs.LogPage;
import dev.pharos.query.logs.LogQuery;
import dev.pharos.query.traces.TraceSearch;
import dev.pharos.query.time.TimeRange;
import dev.pharos.query.traces.TraceQuery;
import dev.pharos.store.QueryResult;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The explore API: log search and histogram, live tail, traces, services, attribute discovery and
 * read-only SQL. Parameters come from the query string or a form body alike (docs/api.md).
 */
public final class ExploreApi {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(ExploreApi.class);

    private final Explore explore;

    private ExploreApi(Explore explore) {
        this.explore = explore;
    }

    public static void register(ServerBuilder sb, Explore explore) {
        ExploreApi api = new ExploreApi(explore);
        api.route(sb, "/api/logs", api::searchLogs);
        api.route(sb, "/api/logs/histogram", api::histogram);
        sb.route().get("/api/logs/tail").build(new LiveTailService(explore));
        api.route(sb, "/api/traces", api::searchTraces);
        api.route(sb, "/api/traces/{traceId}", api::trace);
        api.route(sb, "/api/services", api::services);
        api.route(sb, "/api/attributes", api::attributeKeys);
        api.route(sb, "/api/attributes/values", api::attributeValues);
        api.route(sb, "/api/sql", api::sql);
        api.route(sb, "/api/datasets", api::datasets);
    }

    /** What a handler answered, and what the audit log records of it. */
    private record Answer(HttpResponse response, String sql, long rows) {}

    @FunctionalInterface
    private interface Handler {
        /** @param explore the query side confined to the caller's tenants */
        Answer handle(Explore explore, ServiceRequestContext ctx, AggregatedHttpRequest req);
    }

    /** GET and POST with the same parameters; the handler runs off the event loop and every call is audited. */
    private void route(ServerBuilder sb, String path, Handler handler) {
        HttpService service = (ctx, req) -> HttpResponse.of(req.aggregate().thenApplyAsync(agg -> run(ctx, agg, handler),
                ctx.blockingTaskExecutor()));
        sb.route().path(path).methods(com.linecorp.armeria.common.HttpMethod.GET, com.linecorp.armeria.common.HttpMethod.POST).build(service);
    }

    /**
     * A {@link QueryException} is the caller's mistake (400 with its message); anything else is ours
     * (500, logged). Either way the call is in the audit log.
     */
    private HttpResponse run(ServiceRequestContext ctx, AggregatedHttpRequest agg, Handler handler) {
        long start = System.nanoTime();
        String sql = "";
        long rows = 0;
        String error = "";
        try {
            Answer a = handler.handle(explore.scopedTo(AccessControl.identity(ctx).tenants()), ctx, agg);
            sql = a.sql();
            rows = a.rows();
            return a.response();
        } catch (QueryException e) {
            error = e.getMessage();
            return ApiResponses.error(HttpStatus.BAD_REQUEST, e.getMessage());
        } catch (RuntimeException e) {
            log.error("{} {} failed", ctx.method(), ctx.path(), e);
            error = "internal error: " + e;
            return ApiResponses.error(HttpStatus.INTERNAL_SERVER_ERROR, "internal error: " + e.getMessage() + " (details in the server log)");
        } finally {
            String args = ctx.query() == null ? "" : ctx.query();
            dev.pharos.access.Identity who = AccessControl.identity(ctx);
            explore.audit().record(new AuditLog.Entry(Instant.now(), who.name(), who.tenants().toString(), "api", ctx.path(), args, sql,
                    rows, (System.nanoTime() - start) / 1e6, error));
        }
    }

    private Answer datasets(Explore explore, ServiceRequestContext ctx, AggregatedHttpRequest req) {
        dev.pharos.query.catalog.DatasetCatalog.Listing l = explore.catalog().datasets();
        return new Answer(ApiResponses.ok(l), "", l.tables().size());
    }

    private Answer searchLogs(Explore explore, ServiceRequestContext ctx, AggregatedHttpRequest req) {
        Params p = RequestParams.of(ctx, req);
        LogPage page = explore.logs().search(LogQuery.fromParams(p, explore.logs().options(), Instant.now()));
        return new Answer(ApiResponses.ok(page), page.sql(), page.rows().size());
    }

    private Answer histogram(Explore explore, ServiceRequestContext ctx, AggregatedHttpRequest req) {
        Params p = RequestParams.of(ctx, req);
        LogHistogram h = explore.logs().histogram(LogQuery.fromParams(p, explore.logs().options(), Instant.now()));
        return new Answer(ApiResponses.ok(h), h.sql(), h.buckets().size());
    }

    private Answer searchTraces(Explore explore, ServiceRequestContext ctx, AggregatedHttpRequest req) {
        Params p = RequestParams.of(ctx, req);
        TraceSearch.Found f = explore.traces().find(TraceQuery.fromParams(p, explore.logs().options(), Instant.now()));
        return new Answer(ApiResponses.ok(f), f.sql(), f.traces().size());
    }

    private Answer trace(Explore explore, ServiceRequestContext ctx, AggregatedHttpRequest req) {
        String id = ctx.pathParam("traceId");
        return explore.traces().get(id).map(t -> new Answer(ApiResponses.ok(t), t.sql(), t.spans().size()))
                .orElseGet(() -> new Answer(ApiResponses.error(HttpStatus.NOT_FOUND, "trace " + id + " not found (it may be older than the retention)"),
                        "", 0));
    }

    private Answer services(Explore explore, ServiceRequestContext ctx, AggregatedHttpRequest req) {
        TraceSearch.Overview o = explore.traces().services(range(RequestParams.of(ctx, req)));
        return new Answer(ApiResponses.ok(o), o.sql(), o.services().size());
    }

    private Answer attributeKeys(Explore explore, ServiceRequestContext ctx, AggregatedHttpRequest req) {
        Params p = RequestParams.of(ctx, req);
        AttributeDiscovery.Result r = explore.attributes().keys(p.get("signal"), range(p), p.intValue("limit", 200, 1, 1000));
        return new Answer(ApiResponses.ok(r), r.sql(), r.items().size());
    }

    private Answer attributeValues(Explore explore, ServiceRequestContext ctx, AggregatedHttpRequest req) {
        Params p = RequestParams.of(ctx, req);
        String field = p.get("field");
        if (field == null || field.isBlank()) {
            throw new QueryException("'field' is required, e.g. field=pod or field=resource.k8s.node.name");
        }
        AttributeDiscovery.Result r = explore.attributes().values(p.get("signal"), field, p.get("prefix"), range(p), p.intValue("limit", 20, 1, 1000));
        return new Answer(ApiResponses.ok(r), r.sql(), r.items().size());
    }

    private TimeRange range(Params p) {
        return TimeRange.parse(p.get("from"), p.get("to"), explore.logs().options().defaultWindow(), Instant.now());
    }

    /**
     * The statement comes from the {@code query} parameter, or else from the POST body itself (as
     * users of ClickHouse's HTTP interface send it).
     */
    private Answer sql(Explore explore, ServiceRequestContext ctx, AggregatedHttpRequest req) {
        Params p = RequestParams.of(ctx, req);
        String sql = p.get("query");
        // curl --data-binary labels any body as a form; a body without a 'query' field is the SQL itself.
        if (sql == null && !req.content().isEmpty()) {
            sql = req.contentUtf8();
        }
        if (sql == null) {
            throw new QueryException("no SQL: pass it as the 'query' parameter or as the POST body");
        }
        String format = p.get("format") == null ? "JSON" : p.get("format");
        QueryResult r = explore.sql().run(sql, format, AccessControl.identity(ctx).role() == dev.pharos.access.Role.ADMIN);
        MediaType out = format.toUpperCase().startsWith("JSON") ? MediaType.JSON_UTF_8
                : format.toUpperCase().startsWith("CSV") ? MediaType.CSV_UTF_8 : MediaType.PLAIN_TEXT_UTF_8;
        Map<String, String> stats = new LinkedHashMap<>();
        stats.put("x-pharos-result-rows", Long.toString(r.resultRows()));
        stats.put("x-pharos-elapsed-ms", Long.toString(Math.round(r.elapsedSeconds() * 1000)));
        com.linecorp.armeria.common.ResponseHeadersBuilder headers = ResponseHeaders.builder(HttpStatus.OK).contentType(out);
        stats.forEach(headers::set);
        return new Answer(HttpResponse.of(headers.build(), com.linecorp.armeria.common.HttpData.wrap(r.data())), sql, r.resultRows());
    }
}
