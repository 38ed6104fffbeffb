package dev.pharos.query.alerting;

import dev.pharos.query.QueryOptions;
import dev.pharos.query.Rows;
import dev.pharos.query.promql.PromqlEngine;
import dev.pharos.query.promql.PromqlException;
import dev.pharos.query.promql.clickhouse.PromReader;
import dev.pharos.query.promql.storage.Labels;
import dev.pharos.query.promql.value.Sample;
import dev.pharos.query.promql.value.ScalarValue;
import dev.pharos.query.promql.value.Value;
import dev.pharos.query.promql.value.VectorValue;
import dev.pharos.store.ClickHouse;
import java.util.List;

/**
 * {@link RuleQueries} over Pharos's own engines: PromQL through {@link PromqlEngine}, logs and traces
 * rules as one grouped statement each through ClickHouse, seeing what {@code options} lets them see
 * (its tenants, its timeout).
 */
public final class EngineRuleQueries implements RuleQueries {

    private final PromqlEngine promql;
    private final ClickHouse clickHouse;
    private final QueryOptions options;

    public EngineRuleQueries(PromqlEngine promql, ClickHouse clickHouse, QueryOptions options) {
        this.promql = promql;
        this.clickHouse = clickHouse;
        this.options = options;
    }

    public static EngineRuleQueries of(PromReader reader) {
        return new EngineRuleQueries(reader.engine(), reader.clickHouse(), reader.options());
    }

    /** As Prometheus's EngineQueryFunc: a scalar becomes one sample without labels; strings and range vectors are errors. */
    @Override
    public List<Sample> promql(String query, long timeMs) {
        Value v = promql.instantQuery(query, timeMs).value();
        return switch (v) {
            case VectorValue vec -> vec.samples();
            case ScalarValue s -> List.of(new Sample(Labels.empty(), s.timestampMs(), s.value()));
            default -> throw new PromqlException(PromqlException.Kind.EXECUTION, "rule result is not a vector or scalar");
        };
    }

    @Override
    public List<Sample> logs(LogRuleQuery query, long timeMs) {
        return query.samples(Rows.query(clickHouse, query.sql(timeMs, options)).rows(), timeMs);
    }

    @Override
    public List<Sample> traces(TraceRuleQuery query, long timeMs) {
        return query.samples(Rows.query(clickHouse, query.sql(timeMs, options)).rows(), timeMs);
    }
}
