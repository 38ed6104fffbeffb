package dev.pharos.query.traces;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pharos.query.Admission;
import dev.pharos.query.FieldMap;
import dev.pharos.query.Filter;
import dev.pharos.query.QueryException;
import dev.pharos.query.QueryOptions;
import dev.pharos.query.QueryStats;
import dev.pharos.query.Rows;
import dev.pharos.query.Sql;
import dev.pharos.query.time.TimeRange;
import dev.pharos.store.ClickHouse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** Traces over {@code otel_traces}: one trace by id, trace search, and per-service request statistics. */
public final class TraceSearch {

    private static final Pattern TRACE_ID = Pattern.compile("[0-9a-f]{32}");
    /** Spans of a trace fetched at most; a waterfall of more is unreadable and the API says it was cut. */
    public static final int MAX_SPANS = 10_000;
    private static final String ENTRY_SPAN = "(SpanKind IN ('Server', 'Consumer') OR ParentSpanId = '')";
    private static final Duration TRACE_SLACK = Duration.ofHours(1);

    private final ClickHouse clickHouse;
    private final QueryOptions options;
    private final FieldMap fields = FieldMap.traces();

    public TraceSearch(ClickHouse clickHouse, QueryOptions options) {
        this.clickHouse = clickHouse;
        this.options = options;
    }

    /** The same searches, seeing only {@code tenants}' rows. */
    public TraceSearch scopedTo(dev.pharos.access.Tenants tenants) {
        return new TraceSearch(clickHouse, options.scopedTo(tenants));
    }

    /**
     * Every span of the trace. The trace-id → time-range table tells which partitions hold it, so
     * the lookup reads a few granules however long the retention.
     */
    public Optional<Trace> get(String traceIdText) {
        String traceId = traceIdText == null ? "" : traceIdText.strip().toLowerCase(java.util.Locale.ROOT);
        if (!TRACE_ID.matcher(traceId).matches()) {
            throw new QueryException("invalid trace id '" + traceIdText + "': expected 32 hexadecimal characters");
        }
        String boundsSql = "SELECT toUnixTimestamp(min(Start)) AS s, toUnixTimestamp(max(End)) AS e, count() AS n FROM "
                + options.table("otel_traces_trace_id_ts") + " WHERE TraceId = " + Sql.string(traceId) + options.settings();
        Rows.Result bounds = Rows.query(clickHouse, boundsSql);
        JsonNode b = bounds.rows().getFirst();
        if (Rows.longValue(b.get("n")) == 0) {
            return Optional.empty();
        }
        long start = b.get("s").asLong();
        long end = b.get("e").asLong();
        String sql = "SELECT " + Span.COLUMNS + " FROM " + options.table("otel_traces") + " WHERE TraceId = " + Sql.string(traceId)
                // DateTime64 bounds: against a DateTime bound the engine's key analysis drops rows of the last second.
                + " AND Timestamp >= " + Sql.nanos(start * 1_000_000_000L) + " AND Timestamp < " + Sql.nanos((end + 1) * 1_000_000_000L)
                + " ORDER BY Timestamp, SpanId LIMIT " + MAX_SPANS + options.settings();
        Rows.Result result = Rows.query(clickHouse, sql);
        if (result.rows().isEmpty()) {
            return Optional.empty();
        }
        List<Span> spans = result.rows().stream().map(Span::of).toList();
        long first = spans.stream().mapToLong(s -> Long.parseLong(s.startTimeUnixNano())).min().orElse(0);
        long last = spans.stream().mapToLong(s -> Long.parseLong(s.endTimeUnixNano())).max().orElse(0);
        List<String> services = spans.stream().map(Span::service).distinct().toList();
        return Optional.of(new Trace(traceId, Long.toString(first), Long.toString(last), last - first, services, spans,
                sql, bounds.stats().plus(result.stats())));
    }

    /** The result of a trace search. */
    public record Found(List<TraceSummary> traces, String sql, QueryStats stats) {}

    /** The most recent traces with at least one span matching every condition. */
    public Found find(TraceQuery q) {
        List<String> where = window(q.range());
        for (Filter f : q.filters()) {
            where.add(fields.condition(f));
        }
        if (q.minDuration() != null) {
            where.add("Duration >= " + q.minDuration().toNanos());
        }
        if (q.maxDuration() != null) {
            where.add("Duration <= " + q.maxDuration().toNanos());
        }
        String select = "SELECT TraceId, max(Timestamp) AS last FROM " + options.table("otel_traces") + " WHERE "
                + String.join(" AND ", where) + " GROUP BY TraceId ORDER BY last DESC LIMIT " + q.limit();
        Admission.check(clickHouse, select, options.maxScanRows(), "narrow the time window or filter on service");
        String matchSql = select + options.settings();
        Rows.Result matched = Rows.query(clickHouse, matchSql);
        if (matched.rows().isEmpty()) {
            return new Found(List.of(), matchSql, matched.stats());
        }
        List<String> ids = matched.rows().stream().map(r -> Sql.string(r.get("TraceId").asText())).toList();
        TimeRange around = new TimeRange(q.range().fromNanos() - TRACE_SLACK.toNanos(), q.range().toNanos() + TRACE_SLACK.toNanos());
        List<String> summaryWhere = window(around);
        summaryWhere.add("TraceId IN (" + String.join(", ", ids) + ")");
        String summarySql = "SELECT TraceId, toUnixTimestamp64Nano(min(Timestamp)) AS start, "
                + "max(toUnixTimestamp64Nano(Timestamp) + toInt64(Duration)) AS end, count() AS spans, countIf(StatusCode = 'Error') AS errors, "
                + "if(countIf(ParentSpanId = '') > 0, argMinIf(ServiceName, Timestamp, ParentSpanId = ''), argMin(ServiceName, Timestamp)) AS root_service, "
                + "if(countIf(ParentSpanId = '') > 0, argMinIf(SpanName, Timestamp, ParentSpanId = ''), argMin(SpanName, Timestamp)) AS root_name, "
                + "arraySort(groupUniqArray(ServiceName)) AS services FROM " + options.table("otel_traces")
                + " WHERE " + String.join(" AND ", summaryWhere) + " GROUP BY TraceId ORDER BY start DESC" + options.settings();
        Rows.Result summaries = Rows.query(clickHouse, summarySql);
        Map<String, TraceSummary> byId = new LinkedHashMap<>();
        for (JsonNode r : summaries.rows()) {
            long start = Rows.longValue(r.get("start"));
            long end = Rows.longValue(r.get("end"));
            List<String> services = new ArrayList<>();
            r.get("services").forEach(s -> services.add(s.asText()));
            byId.put(r.get("TraceId").asText(), new TraceSummary(r.get("TraceId").asText(), Instant.ofEpochSecond(0, start).toString(),
                    Long.toString(start), end - start, r.get("root_service").asText(), r.get("root_name").asText(),
                    Rows.longValue(r.get("spans")), Rows.longValue(r.get("errors")), services));
        }
        List<TraceSummary> ordered = new ArrayList<>();
        for (JsonNode r : matched.rows()) {
            TraceSummary s = byId.get(r.get("TraceId").asText());
            if (s != null) {
                ordered.add(s);
            }
        }
        return new Found(ordered, matchSql + ";\n" + summarySql, matched.stats().plus(summaries.stats()));
    }

    /** The result of a services overview. */
    public record Overview(List<ServiceStats> services, String sql, QueryStats stats) {}

    /** Rate, errors and latency percentiles of every service's entry spans in the window. */
    public Overview services(TimeRange range) {
        List<String> where = window(range);
        String select = "SELECT ServiceName, countIf(" + ENTRY_SPAN + ") AS requests, countIf(" + ENTRY_SPAN
                + " AND StatusCode = 'Error') AS errors, quantilesIf(0.5, 0.95, 0.99)(Duration, " + ENTRY_SPAN + ") AS q FROM "
                + options.table("otel_traces") + " WHERE " + String.join(" AND ", where) + " GROUP BY ServiceName ORDER BY ServiceName";
        Admission.check(clickHouse, select, options.maxScanRows(), "narrow the time window");
        String sql = select + options.settings();
        Rows.Result result = Rows.query(clickHouse, sql);
        double seconds = range.length().toMillis() / 1000.0;
        List<ServiceStats> out = new ArrayList<>();
        for (JsonNode r : result.rows()) {
            long requests = Rows.longValue(r.get("requests"));
            long errors = Rows.longValue(r.get("errors"));
            JsonNode q = r.get("q");
            out.add(new ServiceStats(r.get("ServiceName").asText(), requests, round(requests / seconds), errors,
                    requests == 0 ? 0 : round((double) errors / requests), millis(q.get(0), requests), millis(q.get(1), requests),
                    millis(q.get(2), requests)));
        }
        return new Overview(out, sql, result.stats());
    }

    private static Double millis(JsonNode nanos, long requests) {
        if (requests == 0 || nanos == null || !nanos.isNumber()) {
            return null;
        }
        return round(nanos.asDouble() / 1e6);
    }

    private static double round(double v) {
        return Math.round(v * 1e6) / 1e6;
    }

    private static List<String> window(TimeRange range) {
        List<String> where = new ArrayList<>();
        where.add("Timestamp >= " + Sql.nanos(range.fromNanos()));
        where.add("Timestamp < " + Sql.nanos(range.toNanos()));
        return where;
    }
}
