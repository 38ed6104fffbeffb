package dev.pharos.query.alerting;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pharos.query.FieldMap;
import dev.pharos.query.Filter;
import dev.pharos.query.QueryOptions;
import dev.pharos.query.Sql;
import dev.pharos.query.promql.value.Sample;
import java.util.ArrayList;
import java.util.List;

/**
 * A traces rule: a measure of the spans matching the filters over a window, per group of the
 * {@code by} fields, optionally kept only where the condition holds. One grouped statement over
 * {@code otel_traces} per evaluation; the condition is its HAVING clause. Durations are in seconds.
 *
 * @param measure   what is measured (see {@link Measure})
 * @param quantile  for {@link Measure#QUANTILE}, the quantile in (0, 1), e.g. 0.99; otherwise 0
 * @param condition the threshold a series must pass, or null to keep every group
 */
public record TraceRuleQuery(List<Filter> filters, List<String> by, long overMs, Measure measure, double quantile, Condition condition)
        implements RuleExpr {

    /** What a traces rule measures over the window. */
    public enum Measure {
        /** Number of spans. */
        COUNT,
        /** Spans per second. */
        RATE,
        /** Number of spans with status Error. */
        ERRORS,
        /** Spans with status Error divided by all spans (0 to 1). */
        ERROR_RATIO,
        /** Mean span duration in seconds. */
        AVG,
        /** Longest span duration in seconds. */
        MAX,
        /** A quantile of span duration in seconds ({@code quantile: 0.99}, or p50/p90/p95/p99). */
        QUANTILE
    }

    private static final FieldMap FIELDS = FieldMap.traces();

    public TraceRuleQuery {
        filters = List.copyOf(filters);
        by = List.copyOf(by);
        if (overMs <= 0) {
            throw new IllegalArgumentException("'over' must be a positive duration such as 5m");
        }
        if (measure == Measure.QUANTILE && !(quantile > 0 && quantile < 1)) {
            throw new IllegalArgumentException("'quantile' must be between 0 and 1 (exclusive), e.g. 0.99");
        }
        if (measure != Measure.QUANTILE) {
            quantile = 0;
        }
        GroupedSql.validate(FIELDS, filters, by);
    }

    /** The statement for an evaluation at {@code endMs} (the evaluation time less the query offset). */
    public String sql(long endMs, QueryOptions options) {
        long toNanos = endMs * 1_000_000L;
        long fromNanos = (endMs - overMs) * 1_000_000L;
        List<String> where = new ArrayList<>();
        where.add("Timestamp >= " + Sql.nanos(fromNanos));
        where.add("Timestamp < " + Sql.nanos(toNanos));
        for (Filter f : filters) {
            where.add(FIELDS.condition(f));
        }
        String value = switch (measure) {
            case COUNT -> "count()";
            case RATE -> "count() / " + Condition.sqlNumber(overMs / 1000.0);
            case ERRORS -> "countIf(StatusCode = 'Error')";
            case ERROR_RATIO -> "countIf(StatusCode = 'Error') / count()";
            case AVG -> "avg(Duration) / 1e9";
            case MAX -> "max(Duration) / 1e9";
            case QUANTILE -> "quantile(" + Condition.sqlNumber(quantile) + ")(Duration) / 1e9";
        };
        List<String> having = new ArrayList<>();
        // Without spans a ratio or a duration has no value: no series rather than NaN. Counts are 0.
        if (measure != Measure.COUNT && measure != Measure.RATE && measure != Measure.ERRORS) {
            having.add("count() > 0");
        }
        if (condition != null) {
            having.add(condition.sql("value"));
        }
        return GroupedSql.select(FIELDS, by) + value + " AS value FROM " + options.table("otel_traces")
                + " WHERE " + String.join(" AND ", where)
                + GroupedSql.groupBy(by)
                + (having.isEmpty() ? "" : " HAVING " + String.join(" AND ", having))
                + " LIMIT " + (GroupedSql.MAX_SERIES + 1)
                + options.settings();
    }

    public List<Sample> samples(List<JsonNode> rows, long timeMs) {
        return GroupedSql.samples(rows, by, timeMs);
    }

    @Override
    public String display() {
        String m = measure == Measure.QUANTILE ? "quantile " + Condition.sqlNumber(quantile) + " of duration"
                : measure.name().toLowerCase(java.util.Locale.ROOT);
        return "traces: " + GroupedSql.describe(filters, null, by, overMs, m, condition);
    }
}
