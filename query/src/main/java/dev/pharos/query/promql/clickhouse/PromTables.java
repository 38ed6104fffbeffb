package dev.pharos.query.promql.clickhouse;

import dev.pharos.query.QueryOptions;
import dev.pharos.query.Sql;
import dev.pharos.query.promql.storage.LabelMatcher;
import java.util.ArrayList;
import java.util.List;

/**
 * SQL over {@code prom_series} for label matchers. The engine's RE2 is the regex dialect PromQL
 * itself uses, so regex matchers run in the engine as Prometheus would run them (anchored, with
 * {@code .} matching newlines); callers still re-check every series against the matchers in
 * Java, so SQL only ever narrows what is read.
 */
final class PromTables {

    private final QueryOptions options;

    PromTables(QueryOptions options) {
        this.options = options;
    }

    String series() {
        return options.table("prom_series");
    }

    String samples() {
        return options.table("prom_samples");
    }

    String settings() {
        return options.settings();
    }

    /** WHERE conditions on prom_series for the matchers and a time window (ms, inclusive). */
    String seriesWhere(List<LabelMatcher> matchers, long minTimeMs, long maxTimeMs) {
        List<String> where = new ArrayList<>();
        for (LabelMatcher m : matchers) {
            where.add(condition(m));
        }
        where.add("LastSeen >= toDateTime(" + Math.floorDiv(minTimeMs, 1000) + ")");
        where.add("FirstSeen <= toDateTime(" + Math.floorDiv(maxTimeMs, 1000) + ")");
        return String.join(" AND ", where);
    }

    private static String condition(LabelMatcher m) {
        String column = m.name().equals("__name__") ? "MetricName" : "Labels[" + Sql.string(m.name()) + "]";
        String value = Sql.string(m.value());
        return switch (m.type()) {
            case EQUAL -> column + " = " + value;
            case NOT_EQUAL -> column + " != " + value;
            case REGEX -> "match(" + column + ", " + Sql.string("^(?s:" + m.value() + ")$") + ")";
            case NOT_REGEX -> "NOT match(" + column + ", " + Sql.string("^(?s:" + m.value() + ")$") + ")";
        };
    }
}
