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
import dev.pharos.query.logs.LogQuery;
import dev.pharos.query.time.TimeRange;
import dev.pharos.query.traces.TraceQuery;
import dev.pharos.store.QueryResult;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * The explore API: log search and histogram, live tail, traces, services, attribute discovery and
 * read-only SQL. Parameters come from the query string or a form body alike (docs/api.md).
 */
public final class ExploreApi {

    private final Explore explore;

    private ExploreApi(Explore explore) {
        this.explore = explore;
    }

    public static void register(ServerBuilder sb, Explore explore) {
        ExploreApi api = new ExploreApi(explore);
        route(sb, "/api/logs", api::searchLogs);
        route(sb, "/api/logs/histogram", api::histogram);
        sb.route().get("/api/logs/tail").build(new LiveTailService(explore));
        route(sb, "/api/traces", api::searchTraces);
        route(sb, "/api/traces/{traceId}", api::trace);
        route(sb, "/api/services", api::services);
        route(sb, "/api/attributes", api::attributeKeys);
        route(sb, "/api/attributes/values", api::attributeValues);
        route(sb, "/api/sql", api::sql);
    }

    /** GET and POST with the same parameters; the handler runs off the event loop. */
    private static void route(ServerBuilder sb, String path, BiFunction<ServiceRequestContext, AggregatedHttpRequest, HttpResponse> handler) {
        HttpService service = (ctx, req) -> HttpResponse.of(req.aggregate().thenApply(agg ->
                ApiResponses.blocking(ctx, () -> handler.apply(ctx, agg))));
        sb.route().path(path).methods(com.linecorp.armeria.common.HttpMethod.GET, com.linecorp.armeria.common.HttpMethod.POST).build(service);
    }

    private HttpResponse searchLogs(ServiceRequestContext ctx, AggregatedHttpRequest req) {
        Params p = RequestParams.of(ctx, req);
        return ApiResponses.ok(explore.logs().search(LogQuery.fromParams(p, explore.logs().options(), Instant.now())));
    }

    private HttpResponse histogram(ServiceRequestContext ctx, AggregatedHttpRequest req) {
        Params p = RequestParams.of(ctx, req);
        return ApiResponses.ok(explore.logs().histogram(LogQuery.fromParams(p, explore.logs().options(), Instant.now())));
    }

    private HttpResponse searchTraces(ServiceRequestContext ctx, AggregatedHttpRequest req) {
        Params p = RequestParams.of(ctx, req);
        return ApiResponses.ok(explore.traces().find(TraceQuery.fromParams(p, explore.logs().options(), Instant.now())));
    }

    private HttpResponse trace(ServiceRequestContext ctx, AggregatedHttpRequest req) {
        String id = ctx.pathParam("traceId");
        return explore.traces().get(id).map(ApiResponses::ok)
                .orElseGet(() -> ApiResponses.error(HttpStatus.NOT_FOUND, "trace " + id + " not found (it may be older than the retention)"));
    }

    private HttpResponse services(ServiceRequestContext ctx, AggregatedHttpRequest req) {
        return ApiResponses.ok(explore.traces().services(range(RequestParams.of(ctx, req))));
    }

    private HttpResponse attributeKeys(ServiceRequestContext ctx, AggregatedHttpRequest req) {
        Params p = RequestParams.of(ctx, req);
        return ApiResponses.ok(explore.attributes().keys(p.get("signal"), range(p), p.intValue("limit", 200, 1, 1000)));
    }

    private HttpResponse attributeValues(ServiceRequestContext ctx, AggregatedHttpRequest req) {
        Params p = RequestParams.of(ctx, req);
        String field = p.get("field");
        if (field == null || field.isBlank()) {
            throw new QueryException("'field' is required, e.g. field=pod or field=resource.k8s.node.name");
        }
        return ApiResponses.ok(explore.attributes().values(p.get("signal"), field, p.get("prefix"), range(p), p.intValue("limit", 20, 1, 1000)));
    }

    private TimeRange range(Params p) {
        return TimeRange.parse(p.get("from"), p.get("to"), explore.logs().options().defaultWindow(), Instant.now());
    }

    /**
     * The statement comes from the {@code query} parameter, or else from the POST body itself (as
     * users of ClickHouse's HTTP interface send it).
     */
    private HttpResponse sql(ServiceRequestContext ctx, AggregatedHttpRequest req) {
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
        QueryResult r = explore.sql().run(sql, format);
        MediaType out = format.toUpperCase().startsWith("JSON") ? MediaType.JSON_UTF_8
                : format.toUpperCase().startsWith("CSV") ? MediaType.CSV_UTF_8 : MediaType.PLAIN_TEXT_UTF_8;
        Map<String, String> stats = new LinkedHashMap<>();
        stats.put("x-pharos-result-rows", Long.toString(r.resultRows()));
        stats.put("x-pharos-elapsed-ms", Long.toString(Math.round(r.elapsedSeconds() * 1000)));
        com.linecorp.armeria.common.ResponseHeadersBuilder headers = ResponseHeaders.builder(HttpStatus.OK).contentType(out);
        stats.forEach(headers::set);
        return HttpResponse.of(headers.build(), com.linecorp.armeria.common.HttpData.wrap(r.data()));
    }
}
