package dev.pharos.query.attributes;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pharos.query.Admission;
import dev.pharos.query.FieldMap;
import dev.pharos.query.QueryException;
import dev.pharos.query.QueryOptions;
import dev.pharos.query.QueryStats;
import dev.pharos.query.Rows;
import dev.pharos.query.Sql;
import dev.pharos.query.time.TimeRange;
import dev.pharos.store.ClickHouse;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What can be filtered on, for autocompletion: the attribute keys seen in a window (as field names
 * ready for a filter) and the most frequent values of one field.
 *
 * <p>Both read a sample ({@link #SAMPLE_ROWS} rows at most) of the window: an exact census of a
 * day of logs is too slow for a keystroke, and the frequent keys and values show in any sample.
 */
public final class AttributeDiscovery {

    static final long SAMPLE_ROWS = 1_000_000;

    /** A field name with how often it was seen in the sample. */
    public record Count(String value, long count) {}

    public record Result(List<Count> items, String sql, QueryStats stats) {}

    private final ClickHouse clickHouse;
    private final QueryOptions options;

    public AttributeDiscovery(ClickHouse clickHouse, QueryOptions options) {
        this.clickHouse = clickHouse;
        this.options = options;
    }

    /** The same searches, seeing only {@code tenants}' rows. */
    public AttributeDiscovery scopedTo(dev.pharos.access.Tenants tenants) {
        return new AttributeDiscovery(clickHouse, options.scopedTo(tenants));
    }

    /** The well-known fields plus {@code resource.*}, {@code attr.*} (and {@code scope.*} for logs) keys seen, most frequent first. */
    public Result keys(String signal, TimeRange range, int limit) {
        FieldMap fields = fields(signal);
        boolean logs = fields.table().equals("otel_logs");
        String attrColumn = logs ? "LogAttributes" : "SpanAttributes";
        String select = "SELECT key, count() AS n FROM (SELECT arrayJoin(arrayConcat("
                + "arrayMap(k -> concat('resource.', k), mapKeys(ResourceAttributes)), "
                + "arrayMap(k -> concat('attr.', k), mapKeys(" + attrColumn + "))"
                + (logs ? ", arrayMap(k -> concat('scope.', k), mapKeys(ScopeAttributes))" : "")
                + ")) AS key FROM " + sample(fields.table(), range, "ResourceAttributes, " + attrColumn + (logs ? ", ScopeAttributes" : ""), "1")
                + ") GROUP BY key ORDER BY n DESC, key LIMIT " + limit;
        Admission.check(clickHouse, select, options, "narrow the time window");
        String sql = select + options.settings();
        Rows.Result result = Rows.query(clickHouse, sql);
        List<Count> items = new ArrayList<>();
        for (String name : fields.names()) {
            items.add(new Count(name, -1));
        }
        for (JsonNode r : result.rows()) {
            items.add(new Count(r.get("key").asText(), Rows.longValue(r.get("n"))));
        }
        return new Result(items, sql, result.stats());
    }

    /** The most frequent values of {@code field} in the window, optionally only those starting with {@code prefix}. */
    public Result values(String signal, String field, String prefix, TimeRange range, int limit) {
        FieldMap fields = fields(signal);
        FieldMap.Field f = fields.resolve(field);
        String select = "SELECT value, count() AS n FROM " + sample(fields.table(), range, f.value() + " AS value", f.exists())
                + (prefix == null || prefix.isEmpty() ? "" : " WHERE startsWith(value, " + Sql.string(prefix) + ")")
                + " GROUP BY value ORDER BY n DESC, value LIMIT " + limit;
        Admission.check(clickHouse, select, options, "narrow the time window");
        String sql = select + options.settings();
        Rows.Result result = Rows.query(clickHouse, sql);
        List<Count> items = new ArrayList<>();
        for (JsonNode r : result.rows()) {
            items.add(new Count(r.get("value").asText(), Rows.longValue(r.get("n"))));
        }
        return new Result(items, sql, result.stats());
    }

    private String sample(String table, TimeRange range, String columns, String condition) {
        String time = table.equals("otel_logs")
                ? "TimestampTime >= " + Sql.secondsFloor(range.fromNanos()) + " AND TimestampTime <= " + Sql.secondsFloor(range.toNanos())
                : "Timestamp >= " + Sql.nanos(range.fromNanos()) + " AND Timestamp < " + Sql.nanos(range.toNanos());
        // Newest rows first: the sample reflects what is being sent now.
        return "(SELECT " + columns + " FROM " + (table.equals("otel_logs") ? options.logsTable() : options.table(table)) + " WHERE " + time + " AND " + condition + " ORDER BY " + (table.equals("otel_logs") ? "TimestampTime" : "Timestamp")
                + " DESC LIMIT " + SAMPLE_ROWS + ")";
    }

    private static FieldMap fields(String signal) {
        return switch (signal == null ? "logs" : signal.toLowerCase(Locale.ROOT)) {
            case "logs" -> FieldMap.logs();
            case "traces" -> FieldMap.traces();
            default -> throw new QueryException("'signal' must be logs or traces, got '" + signal + "'");
        };
    }
}
