package dev.pharos.query.promql.eval;

import dev.pharos.query.promql.ast.AtModifier;
import dev.pharos.query.promql.ast.Call;
import dev.pharos.query.promql.ast.Expr;
import dev.pharos.query.promql.ast.MatrixSelector;
import dev.pharos.query.promql.ast.SubqueryExpr;
import dev.pharos.query.promql.ast.VectorSelector;
import dev.pharos.query.promql.storage.GoStrings;
import dev.pharos.query.promql.storage.Labels;
import dev.pharos.query.promql.storage.Series;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.ToDoubleFunction;

/**
 * Evaluates a call whose argument is a range vector: for every input series it slides a window (two indexes that
 * only move forward) over the steps and applies the function to each window.
 */
final class RangeVectorCalls {

    private final Evaluator ev;

    RangeVectorCalls(Evaluator ev) {
        this.ev = ev;
    }

    /** One input series of the range argument. */
    private record Input(Labels labels, boolean dropName, long[] t, double[] v, int n) {}

    Matrix eval(Call call, List<Expr> args, int matrixIndex) {
        String name = call.function().name();
        Expr arg = args.get(matrixIndex);
        double[][] scalars = new double[args.size()][];
        for (int i = 0; i < args.size(); i++) {
            if (i != matrixIndex) {
                scalars[i] = ev.evalScalar(args.get(i));
            }
        }
        VectorSelector.ExtendedRange extended = arg instanceof MatrixSelector m0
                ? m0.selector().extended() : VectorSelector.ExtendedRange.NONE;
        ExtendedRanges.checkFunction(extended, name);
        List<Input> inputs = new ArrayList<>();
        long offset;
        long range;
        AtModifier at;
        long heldSamples = 0;
        if (arg instanceof MatrixSelector ms) {
            VectorSelector vs = ms.selector();
            for (Series raw : ev.ctx.seriesOf(vs)) {
                Series s = ev.ctx.withoutStaleMarkers(raw);
                inputs.add(new Input(s.labels(), false, s.timestampsMs(), s.values(), s.size()));
            }
            offset = vs.offsetMs();
            range = ms.rangeMs();
            at = vs.at();
        } else {
            SubqueryExpr sq = (SubqueryExpr) arg;
            Matrix m = ev.subquery(sq);
            for (EvalSeries s : m.series) {
                inputs.add(new Input(s.labels, s.dropName, s.t, s.v, s.n));
            }
            heldSamples = m.totalPoints();
            offset = sq.offsetMs();
            range = sq.rangeMs();
            at = sq.at();
        }
        boolean keepsName = name.equals("last_over_time") || name.equals("first_over_time");
        long pinned = at == null ? 0 : ev.resolveAt(at);
        double rangeSeconds = range / 1000.0;
        RangeWindow w = new RangeWindow();
        RangeFunctions.Out out = new RangeFunctions.Out();
        Matrix result = new Matrix();
        WindowFunction fn = extended == VectorSelector.ExtendedRange.NONE ? resolve(name, call, scalars, rangeSeconds) : null;
        boolean counterFunction = fn != null && (name.equals("rate") || name.equals("increase"));
        for (Input in : inputs) {
            ev.ctx.checkDeadline();
            w.t = in.t;
            w.v = in.v;
            w.noDrops = counterFunction && RangeFunctions.noDrops(in.v, in.n);
            int lo = 0;
            int hi = 0;
            EvalSeries es = null;
            for (int step = 0; step < ev.numSteps; step++) {
                long ts = ev.stepTime(step);
                if (step == 0 || at == null) {
                    long maxt = (at != null ? pinned : ts) - offset;
                    long mint = maxt - range;
                    long upper = extended == VectorSelector.ExtendedRange.SMOOTHED ? maxt + ev.ctx.lookbackMs : maxt;
                    long lower = extended == VectorSelector.ExtendedRange.NONE ? mint : mint - ev.ctx.lookbackMs;
                    while (hi < in.n && in.t[hi] <= upper) {
                        hi++;
                    }
                    while (lo < hi && in.t[lo] <= lower) {
                        lo++;
                    }
                    w.rangeStart = mint;
                    w.rangeEnd = maxt;
                }
                if (hi == lo) {
                    continue;
                }
                w.lo = lo;
                w.hi = hi;
                w.evalTime = ts;
                boolean produced = fn != null
                        ? fn.apply(w, step, out)
                        : ExtendedRanges.apply(name, w, extended == VectorSelector.ExtendedRange.SMOOTHED, rangeSeconds, out);
                if (!produced) {
                    continue;
                }
                if (es == null) {
                    es = new EvalSeries(in.labels, !keepsName || in.dropName, Math.min(ev.numSteps, 1024));
                }
                es.add(ts, out.value);
            }
            if (es != null) {
                ev.ctx.addSamples(es.n);
                result.add(es);
                if (name.equals("rate") || name.equals("increase")) {
                    warnIfNotCounter(in.labels, args.get(0));
                }
            }
        }
        ev.ctx.releaseSamples(heldSamples);
        if (name.equals("absent_over_time")) {
            return absentOverTime(result, arg);
        }
        return result;
    }

    private void warnIfNotCounter(Labels labels, Expr arg) {
        String metric = labels.metricName();
        if (metric.isEmpty() || metric.endsWith("_total") || metric.endsWith("_sum") || metric.endsWith("_count")
                || metric.endsWith("_bucket")) {
            return;
        }
        ev.ctx.annotations.info("metric might not be a counter, name does not end in _total/_sum/_count/_bucket: "
                + GoStrings.quote(metric), arg.pos());
    }

    /** One range function bound to its call: computes a step's value from its window, false when there is none. */
    @FunctionalInterface
    private interface WindowFunction {
        boolean apply(RangeWindow w, int step, RangeFunctions.Out out);
    }

    /** Resolved once per call, not per window: the windows of a range query number in the hundreds of thousands. */
    private WindowFunction resolve(String name, Call call, double[][] scalars, double rangeSeconds) {
        return switch (name) {
            case "rate" -> (w, step, out) -> RangeFunctions.extrapolatedRate(w, true, true, rangeSeconds, out);
            case "increase" -> (w, step, out) -> RangeFunctions.extrapolatedRate(w, true, false, rangeSeconds, out);
            case "delta" -> (w, step, out) -> RangeFunctions.extrapolatedRate(w, false, false, rangeSeconds, out);
            case "irate" -> (w, step, out) -> RangeFunctions.instantValue(w, true, out);
            case "idelta" -> (w, step, out) -> RangeFunctions.instantValue(w, false, out);
            case "deriv" -> (w, step, out) -> {
                if (w.size() < 2) {
                    return false;
                }
                out.value = RangeFunctions.linearRegression(w, w.t[w.lo])[0];
                return true;
            };
            case "predict_linear" -> (w, step, out) -> {
                if (w.size() < 2) {
                    return false;
                }
                double[] fit = RangeFunctions.linearRegression(w, w.evalTime);
                out.value = fit[0] * scalars[1][step] + fit[1];
                return true;
            };
            case "double_exponential_smoothing", "holt_winters" -> (w, step, out) ->
                    RangeFunctions.doubleExponentialSmoothing(w, scalars[1][step], scalars[2][step], out);
            case "quantile_over_time" -> (w, step, out) -> {
                double q = scalars[0][step];
                if (Double.isNaN(q) || q < 0 || q > 1) {
                    ev.ctx.annotations.warn(RangeFunctions.quantileWarning(q), call.args().get(0).pos());
                }
                out.value = RangeFunctions.quantileOverTime(w, q);
                return true;
            };
            default -> {
                ToDoubleFunction<RangeWindow> f = simple(name);
                yield (w, step, out) -> {
                    out.value = f.applyAsDouble(w);
                    return true;
                };
            }
        };
    }

    private static ToDoubleFunction<RangeWindow> simple(String name) {
        return switch (name) {
            case "avg_over_time" -> RangeFunctions::avgOverTime;
            case "sum_over_time" -> RangeFunctions::sumOverTime;
            case "count_over_time" -> RangeWindow::size;
            case "min_over_time" -> w -> RangeFunctions.compareOverTime(w, false, false, false);
            case "max_over_time" -> w -> RangeFunctions.compareOverTime(w, true, false, false);
            case "ts_of_min_over_time" -> w -> RangeFunctions.compareOverTime(w, false, true, true);
            case "ts_of_max_over_time" -> w -> RangeFunctions.compareOverTime(w, true, true, true);
            case "stddev_over_time" -> w -> Math.sqrt(RangeFunctions.variance(w));
            case "stdvar_over_time" -> RangeFunctions::variance;
            case "last_over_time" -> w -> w.v[w.hi - 1];
            case "first_over_time" -> w -> w.v[w.lo];
            case "ts_of_last_over_time" -> w -> w.t[w.hi - 1] / 1000.0;
            case "ts_of_first_over_time" -> w -> w.t[w.lo] / 1000.0;
            case "present_over_time", "absent_over_time" -> w -> 1;
            case "mad_over_time" -> RangeFunctions::madOverTime;
            case "changes" -> RangeFunctions::changes;
            case "resets" -> RangeFunctions::resets;
            default -> throw new IllegalStateException("unknown range function " + name);
        };
    }

    /** One series with value 1 at the steps where no input series had samples, empty if every step had some. */
    private Matrix absentOverTime(Matrix present, Expr arg) {
        int steps = ev.numSteps;
        for (EvalSeries s : present.series) {
            if (s.n == steps) {
                return new Matrix();
            }
        }
        Set<Long> found = new HashSet<>();
        for (EvalSeries s : present.series) {
            for (int i = 0; i < s.n; i++) {
                found.add(s.t[i]);
            }
        }
        if (found.size() == steps) {
            return new Matrix();
        }
        Labels labels = arg instanceof MatrixSelector ms ? InstantFunctions.absentLabels(ms.selector()) : Labels.empty();
        EvalSeries out = new EvalSeries(labels, true, steps - found.size());
        for (int i = 0; i < steps; i++) {
            long ts = ev.stepTime(i);
            if (!found.contains(ts)) {
                out.add(ts, 1);
            }
        }
        Matrix m = new Matrix();
        m.add(out);
        return m;
    }
}
