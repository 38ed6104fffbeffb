package dev.pharos.query.alerting;

import dev.pharos.query.promql.value.Sample;
import java.util.List;

/** Runs a rule's query, turning the query layer's failures into an evaluation error with its message. */
final class RuleQuerying {

    private RuleQuerying() {}

    static List<Sample> run(RuleExpr expr, Rule.EvalContext ctx) throws RuleEvalException {
        try {
            List<Sample> result = ctx.queries().evaluate(expr, ctx.queryTimeMs());
            return result == null ? List.of() : result;
        } catch (RuntimeException e) {
            String msg = e.getMessage() == null ? e.toString() : e.getMessage();
            throw new RuleEvalException(msg, e);
        }
    }
}
