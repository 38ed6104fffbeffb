package dev.pharos.query.promql;

import dev.pharos.query.promql.value.Value;
import java.util.List;

/**
 * A query result: the value, Prometheus-style annotations (warnings and infos, e.g.
 * "PromQL warning: quantile value should be between 0 and 1, got 2 (1:10)"), and statistics.
 */
public record PromqlResult(Value value, List<String> warnings, List<String> infos, PromqlStats stats) {

    public PromqlResult {
        warnings = List.copyOf(warnings);
        infos = List.copyOf(infos);
    }
}
