package dev.pharos.query.promql.eval;

import dev.pharos.query.promql.ast.Call;
import dev.pharos.query.promql.ast.Expr;
import dev.pharos.query.promql.ast.ValueType;
import dev.pharos.query.promql.ast.VectorSelector;
import java.util.ArrayList;
import java.util.List;

/** Dispatches function calls to the family that implements them. */
final class FunctionCalls {

    private final Evaluator ev;

    FunctionCalls(Evaluator ev) {
        this.ev = ev;
    }

    Matrix eval(Call call) {
        List<Expr> args = new ArrayList<>(call.args().size());
        for (Expr a : call.args()) {
            args.add(StepInvariance.unwrapParens(a));
        }
        String name = call.function().name();
        switch (name) {
            case "label_replace" -> {
                return new LabelFunctions(ev).labelReplace(args);
            }
            case "label_join" -> {
                return new LabelFunctions(ev).labelJoin(args);
            }
            case "info" -> {
                return new InfoFunction(ev).eval(args);
            }
            case "timestamp" -> {
                if (args.get(0) instanceof VectorSelector vs) {
                    return new InstantFunctions(ev).timestampOfSelector(vs);
                }
            }
            default -> {
            }
        }
        for (int i = 0; i < args.size(); i++) {
            if (args.get(i).type() == ValueType.MATRIX) {
                return new RangeVectorCalls(ev).eval(call, args, i);
            }
        }
        return switch (name) {
            case "histogram_quantile", "histogram_quantiles", "histogram_fraction" -> new HistogramFunctions(ev).eval(call, args);
            case "histogram_count", "histogram_sum", "histogram_avg", "histogram_stddev", "histogram_stdvar" -> {
                // Only native histograms have these; float samples are ignored.
                Matrix in = ev.evalMatrix(args.get(0));
                ev.ctx.releaseSamples(in.totalPoints());
                yield new Matrix();
            }
            case "sort", "sort_desc", "sort_by_label", "sort_by_label_desc" -> new LabelFunctions(ev).sort(call, args);
            default -> new InstantFunctions(ev).eval(call, args);
        };
    }
}
