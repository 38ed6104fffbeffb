package dev.pharos.query.logs;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pharos.query.Admission;
import dev.pharos.query.FieldMap;
import dev.pharos.query.Filter;
import dev.pharos.query.QueryOptions;
import dev.pharos.query.Rows;
import dev.pharos.query.Sql;
import dev.pharos.query.time.TimeRange;
import dev.pharos.store.ClickHouse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Log search over {@code otel_logs}: pages of records, a severity histogram, and the polls behind
 * live tail. Every statement is built from {@link Sql} literals and returned with its result.
 */
public final class LogSearch {

    /** Ties between records with the same nanosecond are broken by this hash, so the order is total and stable. */
    static final String ROW_HASH = "cityHash64(Body, TraceId, SpanId, ServiceName, SeverityText)";
    private static final long[] STEPS = {1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400,
        2 * 86400, 7 * 86400};
    private static final int MAX_BUCKETS = 120;
    private static final String NARROW = "narrow the time window or filter on service";

    private final ClickHouse clickHouse;
    private final QueryOptions options;
    private final FieldMap fields = FieldMap.logs();

    public LogSearch(ClickHouse clickHouse, QueryOptions options) {
        this.clickHouse = clickHouse;
        this.options = options;
    }

    /** The same searches, seeing only {@code tenants}' rows. */
    public LogSearch scopedTo(dev.pharos.access.Tenants tenants) {
        return new LogSearch(clickHouse, options.scopedTo(tenants));
    }

    public QueryOptions options() {
        return options;
    }

    public LogPage search(LogQuery q) {
        List<String> where = conditions(q.range(), q.filters(), q.text());
        String order = q.newestFirst() ? "DESC" : "ASC";
        int offset = 0;
        LogCursor c = q.cursor();
        if (c != null) {
            // Inclusive: rows sharing the last key are skipped by OFFSET, see LogCursor.
            where.add("(Timestamp, row_hash) " + (q.newestFirst() ? "<=" : ">=") + " (" + Sql.nanos(c.timestampNanos()) + ", "
                    + Long.toUnsignedString(c.rowHash()) + ")");
            offset = c.seen();
        }
        String select = "SELECT " + LogRecord.COLUMNS + ", " + ROW_HASH + " AS row_hash FROM " + options.logsTable()
                + " WHERE " + String.join(" AND ", where)
                + " ORDER BY Timestamp " + order + ", row_hash " + order
                + " LIMIT " + (q.limit() + 1) + (offset > 0 ? " OFFSET " + offset : "");
        long estimate = Admission.check(clickHouse, select, options, NARROW);
        String sql = select + options.settings();
        Rows.Result result = Rows.query(clickHouse, sql);
        List<JsonNode> rows = result.rows();
        boolean more = rows.size() > q.limit();
        if (more) {
            rows = rows.subList(0, q.limit());
        }
        List<LogRecord> records = rows.stream().map(LogRecord::of).toList();
        String next = null;
        if (more && !rows.isEmpty()) {
            JsonNode last = rows.getLast();
            long ts = Rows.longValue(last.get("ts"));
            long hash = Long.parseUnsignedLong(last.get("row_hash").asText());
            int same = 0;
            for (int i = rows.size() - 1; i >= 0; i--) {
                JsonNode r = rows.get(i);
                if (Rows.longValue(r.get("ts")) != ts || Long.parseUnsignedLong(r.get("row_hash").asText()) != hash) {
                    break;
                }
                same++;
            }
            if (same == rows.size() && c != null && c.timestampNanos() == ts && c.rowHash() == hash) {
                same += c.seen();
            }
            next = new LogCursor(ts, hash, same, q.newestFirst()).encode();
        }
        return new LogPage(records, next, sql, result.stats(), estimate, q.range().from().toString(), q.range().to().toString());
    }

    /** Counts per bucket and severity over the query's window; a bucket width from 1 s to 7 d keeps at most 120 buckets. */
    public LogHistogram histogram(LogQuery q) {
        TimeRange range = q.range();
        long step = step(range);
        List<String> where = conditions(range, q.filters(), q.text());
        String select = "SELECT toUnixTimestamp(toStartOfInterval(TimestampTime, INTERVAL " + step + " SECOND)) AS t, "
                + FieldMap.LOG_LEVEL + " AS level, count() AS n FROM " + options.logsTable()
                + " WHERE " + String.join(" AND ", where) + " GROUP BY t, level ORDER BY t, level";
        Admission.check(clickHouse, select, options, NARROW);
        String sql = select + options.settings();
        Rows.Result result = Rows.query(clickHouse, sql);
        Map<Long, Map<String, Long>> counts = new TreeMap<>();
        for (JsonNode r : result.rows()) {
            counts.computeIfAbsent(r.get("t").asLong(), k -> new LinkedHashMap<>()).merge(r.get("level").asText(), Rows.longValue(r.get("n")), Long::sum);
        }
        List<LogHistogram.Bucket> buckets = new ArrayList<>();
        long first = Math.floorDiv(Math.floorDiv(range.fromNanos(), 1_000_000_000L), step) * step;
        long lastStart = Math.floorDiv(Math.floorDiv(range.toNanos() - 1, 1_000_000_000L), step) * step;
        long total = 0;
        for (long t = first; t <= lastStart; t += step) {
            Map<String, Long> bySeverity = counts.getOrDefault(t, Map.of());
            long sum = bySeverity.values().stream().mapToLong(Long::longValue).sum();
            total += sum;
            buckets.add(new LogHistogram.Bucket(Instant.ofEpochSecond(t).toString(), t, sum, bySeverity));
        }
        return new LogHistogram(step, buckets, total, sql, result.stats());
    }

    static long step(TimeRange range) {
        double seconds = range.length().toMillis() / 1000.0;
        for (long s : STEPS) {
            if (seconds / s <= MAX_BUCKETS) {
                return s;
            }
        }
        return STEPS[STEPS.length - 1] * (long) Math.ceil(seconds / STEPS[STEPS.length - 1] / MAX_BUCKETS);
    }

    /**
     * The newest records at or after {@code sinceNanos} matching the filters, newest first, at most
     * {@code max}: what live tail polls.
     */
    public List<TailRow> recent(List<Filter> filters, TextSearch text, long sinceNanos, long untilNanos, int max) {
        List<String> where = conditions(new TimeRange(sinceNanos, untilNanos), filters, text);
        String sql = "SELECT " + LogRecord.COLUMNS + ", " + ROW_HASH + " AS row_hash FROM " + options.logsTable()
                + " WHERE " + String.join(" AND ", where) + " ORDER BY Timestamp DESC, row_hash DESC LIMIT " + max + options.settings();
        List<TailRow> out = new ArrayList<>();
        for (JsonNode r : Rows.query(clickHouse, sql).rows()) {
            out.add(new TailRow(Rows.longValue(r.get("ts")), Long.parseUnsignedLong(r.get("row_hash").asText()), LogRecord.of(r)));
        }
        return out;
    }

    /** A record seen by live tail with the key that tells it apart. */
    public record TailRow(long timestampNanos, long rowHash, LogRecord record) {}

    /** The most frequent values of {@code field} among the records the query matches. */
    public List<dev.pharos.query.attributes.AttributeDiscovery.Count> top(LogQuery q, String field, int limit) {
        dev.pharos.query.FieldMap.Field f = fields.resolve(field);
        String sql = "SELECT " + f.value() + " AS value, count() AS n FROM " + options.logsTable() + " WHERE "
                + String.join(" AND ", conditions(q.range(), q.filters(), q.text())) + " GROUP BY value ORDER BY n DESC, value LIMIT " + limit
                + options.settings();
        List<dev.pharos.query.attributes.AttributeDiscovery.Count> out = new ArrayList<>();
        for (JsonNode r : Rows.query(clickHouse, sql).rows()) {
            out.add(new dev.pharos.query.attributes.AttributeDiscovery.Count(r.get("value").asText(), Rows.longValue(r.get("n"))));
        }
        return out;
    }

    ClickHouse clickHouse() {
        return clickHouse;
    }

    List<String> conditions(TimeRange range, List<Filter> filters, TextSearch text) {
        List<String> where = new ArrayList<>();
        // TimestampTime is in the primary key and the partition key: these two prune; the next two are exact.
        where.add("TimestampTime >= " + Sql.secondsFloor(range.fromNanos()));
        where.add("TimestampTime <= " + Sql.secondsFloor(range.toNanos()));
        where.add("Timestamp >= " + Sql.nanos(range.fromNanos()));
        where.add("Timestamp < " + Sql.nanos(range.toNanos()));
        // Older versions of a dataset's table hold a closed time range: skip those outside the window.
        var logTables = options.logTables();
        List<String> tables = logTables.tablesFor(range.fromNanos() / 1_000_000_000L, range.toNanos() / 1_000_000_000L);
        if (tables.size() < logTables.versions().size()) {
            where.add("_table IN (" + String.join(", ", tables.stream().map(Sql::string).toList()) + ")");
        }
        for (Filter f : filters) {
            where.add(fields.condition(f));
        }
        where.addAll(text.conditions("Body"));
        return where;
    }
}
