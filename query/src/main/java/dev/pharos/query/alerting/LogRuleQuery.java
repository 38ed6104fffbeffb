package dev.pharos.query.alerting;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pharos.query.FieldMap;
import dev.pharos.query.Filter;
import dev.pharos.query.QueryOptions;
import dev.pharos.query.Sql;
import dev.pharos.query.logs.TextSearch;
import dev.pharos.query.promql.value.Sample;
import java.util.ArrayList;
import java.util.List;

/**
 * A logs rule: how many log records match the filters and text over a window, per group of the
 * {@code by} fields, optionally kept only where the condition holds. One grouped statement over
 * {@code otel_logs} per evaluation, whatever the number of groups; the condition is its HAVING clause.
 *
 * @param filters   field conditions in log search syntax ({@code severity=ERROR}, {@code attr.user_id exists})
 * @param text      full-text terms in log search syntax, or "" for none
 * @param by        fields whose values split the count into series; each becomes a label (dots become '_')
 * @param overMs    the window ending at the evaluation time (less the group's query offset)
 * @param measure   {@code count} of records, or their per-second {@code rate} over the window
 * @param condition the threshold a series must pass, or null to keep every group
 */
public record LogRuleQuery(List<Filter> filters, String text, List<String> by, long overMs, Measure measure, Condition condition)
        implements RuleExpr {

    public enum Measure { COUNT, RATE }

    private static final FieldMap FIELDS = FieldMap.logs();

    /** @throws dev.pharos.query.QueryException when a field is unknown or the text does not parse */
    public LogRuleQuery {
        filters = List.copyOf(filters);
        text = text == null ? "" : text;
        by = List.copyOf(by);
        if (overMs <= 0) {
            throw new IllegalArgumentException("'over' must be a positive duration such as 5m");
        }
        GroupedSql.validate(FIELDS, filters, by);
        TextSearch.parse(text);
    }

    /** The statement for an evaluation at {@code endMs} (the evaluation time less the query offset). */
    public String sql(long endMs, QueryOptions options) {
        long toNanos = endMs * 1_000_000L;
        long fromNanos = (endMs - overMs) * 1_000_000L;
        List<String> where = new ArrayList<>();
        // As log search: TimestampTime (primary and partition key) prunes, Timestamp is exact.
        where.add("TimestampTime >= " + Sql.secondsFloor(fromNanos));
        where.add("TimestampTime <= " + Sql.secondsFloor(toNanos));
        where.add("Timestamp >= " + Sql.nanos(fromNanos));
        where.add("Timestamp < " + Sql.nanos(toNanos));
        for (Filter f : filters) {
            where.add(FIELDS.condition(f));
        }
        where.addAll(TextSearch.parse(text).conditions("Body"));
        String value = measure == Measure.RATE ? "count() / " + Condition.sqlNumber(overMs / 1000.0) : "count()";
        return GroupedSql.select(FIELDS, by) + value + " AS value FROM " + options.logsTable()
                + " WHERE " + String.join(" AND ", where)
                + GroupedSql.groupBy(by)
                + (condition == null ? "" : " HAVING " + condition.sql("value"))
                + " LIMIT " + (GroupedSql.MAX_SERIES + 1)
                + options.settings();
    }

    /** The statement's rows as samples at {@code timeMs}. */
    public List<Sample> samples(List<JsonNode> rows, long timeMs) {
        return GroupedSql.samples(rows, by, timeMs);
    }

    @Override
    public String display() {
        return "logs: " + GroupedSql.describe(filters, text, by, overMs, measure.name().toLowerCase(java.util.Locale.ROOT), condition);
    }
}
