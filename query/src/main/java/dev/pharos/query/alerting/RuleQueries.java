package dev.pharos.query.alerting;

import dev.pharos.query.promql.value.Sample;
import java.util.List;

/**
 * The queries rules run. {@link EngineRuleQueries} is the implementation over the PromQL engine and
 * ClickHouse; tests script their own. Failures are thrown (any runtime exception): the rule becomes
 * unhealthy for that evaluation and keeps its alert state.
 */
public interface RuleQueries {

    /** An instant PromQL query at {@code timeMs}: the vector, or a scalar as one sample without labels. */
    List<Sample> promql(String query, long timeMs);

    /** The grouped logs query ending at {@code timeMs}: one statement, one sample per group. */
    List<Sample> logs(LogRuleQuery query, long timeMs);

    /** The grouped spans query ending at {@code timeMs}: one statement, one sample per group. */
    List<Sample> traces(TraceRuleQuery query, long timeMs);

    default List<Sample> evaluate(RuleExpr expr, long timeMs) {
        return switch (expr) {
            case PromqlRuleExpr p -> promql(p.query(), timeMs);
            case LogRuleQuery l -> logs(l, timeMs);
            case TraceRuleQuery t -> traces(t, timeMs);
        };
    }
}
