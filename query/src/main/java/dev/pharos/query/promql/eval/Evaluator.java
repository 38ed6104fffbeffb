package dev.pharos.query.promql.eval;

import dev.pharos.query.promql.ast.AggregateExpr;
import dev.pharos.query.promql.ast.AtModifier;
import dev.pharos.query.promql.ast.BinaryExpr;
import dev.pharos.query.promql.ast.Call;
import dev.pharos.query.promql.ast.Expr;
import dev.pharos.query.promql.ast.MatrixSelector;
import dev.pharos.query.promql.ast.NumberLiteral;
import dev.pharos.query.promql.ast.ParenExpr;
import dev.pharos.query.promql.ast.StringLiteral;
import dev.pharos.query.promql.ast.SubqueryExpr;
import dev.pharos.query.promql.ast.UnaryExpr;
import dev.pharos.query.promql.ast.VectorSelector;
import dev.pharos.query.promql.storage.Labels;
import dev.pharos.query.promql.storage.Series;
import dev.pharos.query.promql.storage.StaleNaN;
import java.util.List;

/**
 * Evaluates expressions at the steps start, start+interval, ..., end. An instant query is a single step. Each node
 * evaluates to a {@link Matrix} covering all steps; selectors read their pre-fetched data with a cursor that only
 * moves forward, so no step re-scans samples.
 */
final class Evaluator {

    final EvalContext ctx;
    final long start;
    final long end;
    final long interval;
    final int numSteps;
    final StepInvariance invariance;

    Evaluator(EvalContext ctx, long start, long end, long interval, StepInvariance invariance) {
        this.ctx = ctx;
        this.start = start;
        this.end = end;
        this.interval = interval;
        this.numSteps = end < start ? 0 : (int) ((end - start) / interval) + 1;
        this.invariance = invariance;
    }

    boolean isInstant() {
        return numSteps == 1;
    }

    int stepIndex(long ts) {
        return (int) ((ts - start) / interval);
    }

    long stepTime(int i) {
        return start + i * interval;
    }

    EvalValue eval(Expr e) {
        ctx.checkDeadlineNow();
        if (numSteps == 0) {
            return new Matrix();
        }
        if (numSteps > 1 && invariance.isInvariant(e)) {
            return evalOnceAndRepeat(e);
        }
        return switch (e) {
            case NumberLiteral n -> constant(n.value());
            case StringLiteral s -> new StringResult(s.value());
            case ParenExpr p -> eval(p.expr());
            case UnaryExpr u -> unary(u);
            case VectorSelector vs -> selectInstant(vs);
            case MatrixSelector ms -> selectRange(ms);
            case SubqueryExpr sq -> subquery(sq);
            case BinaryExpr b -> new BinaryOps(this).eval(b);
            case AggregateExpr a -> new Aggregations(this).eval(a);
            case Call c -> new FunctionCalls(this).eval(c);
        };
    }

    Matrix evalMatrix(Expr e) {
        return (Matrix) eval(e);
    }

    /** Evaluates a scalar expression into one value per step. */
    double[] evalScalar(Expr e) {
        Matrix m = evalMatrix(e);
        double[] out = new double[numSteps];
        java.util.Arrays.fill(out, Double.NaN);
        if (m.size() > 0) {
            EvalSeries s = m.get(0);
            for (int i = 0; i < s.n; i++) {
                out[stepIndex(s.t[i])] = s.v[i];
            }
        }
        return out;
    }

    /** A scalar: one label-less series with the value at every step. */
    Matrix constant(double value) {
        EvalSeries s = new EvalSeries(Labels.empty(), false, numSteps);
        for (int i = 0; i < numSteps; i++) {
            s.add(stepTime(i), value);
        }
        ctx.addSamples(numSteps);
        Matrix m = new Matrix();
        m.add(s);
        return m;
    }

    Matrix denseScalar(double[] values) {
        EvalSeries s = new EvalSeries(Labels.empty(), false, numSteps);
        for (int i = 0; i < numSteps; i++) {
            s.add(stepTime(i), values[i]);
        }
        ctx.addSamples(numSteps);
        Matrix m = new Matrix();
        m.add(s);
        return m;
    }

    private EvalValue evalOnceAndRepeat(Expr e) {
        Evaluator once = new Evaluator(ctx, start, start, interval, invariance);
        EvalValue v = once.eval(e);
        if (!(v instanceof Matrix m)) {
            return v;
        }
        Matrix out = new Matrix();
        for (EvalSeries s : m.series) {
            if (s.n == 0) {
                continue;
            }
            double value = s.v[0];
            EvalSeries r = new EvalSeries(s.labels, s.dropName, numSteps);
            for (int i = 0; i < numSteps; i++) {
                r.add(stepTime(i), value);
            }
            out.add(r);
        }
        ctx.addSamples(out.totalPoints());
        return out;
    }

    private Matrix unary(UnaryExpr u) {
        Matrix m = evalMatrix(u.expr());
        if (!u.negate()) {
            return m;
        }
        for (EvalSeries s : m.series) {
            s.dropName = true;
            for (int i = 0; i < s.n; i++) {
                s.v[i] = -s.v[i];
            }
        }
        return m;
    }

    long resolveAt(AtModifier at) {
        return at.resolve(ctx.queryStart, ctx.queryEnd);
    }

    /** Instant vector selection: per step, the latest sample within the lookback window, unless it is stale. */
    private Matrix selectInstant(VectorSelector vs) {
        if (vs.extended() == VectorSelector.ExtendedRange.SMOOTHED) {
            return ExtendedRanges.smoothedInstant(this, vs);
        }
        List<Series> data = ctx.seriesOf(vs);
        Matrix out = new Matrix();
        boolean pinned = vs.at() != null;
        long pinnedTime = pinned ? resolveAt(vs.at()) : 0;
        long lookback = ctx.lookbackMs;
        for (Series s : data) {
            ctx.checkDeadline();
            long[] t = s.timestampsMs();
            double[] v = s.values();
            int p = 0;
            EvalSeries es = null;
            for (int i = 0; i < numSteps; i++) {
                long ts = stepTime(i);
                long ref = (pinned ? pinnedTime : ts) - vs.offsetMs();
                while (p < t.length && t[p] <= ref) {
                    p++;
                }
                if (p == 0) {
                    continue;
                }
                int k = p - 1;
                if (t[k] <= ref - lookback || StaleNaN.is(v[k])) {
                    continue;
                }
                if (es == null) {
                    es = new EvalSeries(s.labels(), false, numSteps);
                }
                es.add(ts, v[k]);
            }
            if (es != null) {
                ctx.addSamples(es.n);
                out.add(es);
            }
        }
        return out;
    }

    /** A range vector as a query result (only in instant queries): the raw samples in (t-range, t]. */
    private Matrix selectRange(MatrixSelector ms) {
        VectorSelector vs = ms.selector();
        long ref = (vs.at() != null ? resolveAt(vs.at()) : start) - vs.offsetMs();
        long mint = ref - ms.rangeMs();
        if (vs.extended() != VectorSelector.ExtendedRange.NONE) {
            return ExtendedRanges.extendedMatrix(this, ms, mint, ref);
        }
        Matrix out = new Matrix();
        for (Series raw : ctx.seriesOf(vs)) {
            Series s = ctx.withoutStaleMarkers(raw);
            long[] t = s.timestampsMs();
            int lo = upperBound(t, mint);
            int hi = upperBound(t, ref);
            if (hi > lo) {
                EvalSeries es = new EvalSeries(s.labels(), false, java.util.Arrays.copyOfRange(t, lo, hi),
                        java.util.Arrays.copyOfRange(s.values(), lo, hi), hi - lo);
                ctx.addSamples(es.n);
                out.add(es);
            }
        }
        return out;
    }

    /** Index of the first element greater than x. */
    static int upperBound(long[] a, long x) {
        int lo = 0;
        int hi = a.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (a[mid] <= x) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /**
     * Evaluates a subquery: the inner expression at steps aligned to multiples of the subquery step, from the first
     * aligned time after (t - offset - range) up to t - offset.
     */
    Matrix subquery(SubqueryExpr sq) {
        long step = sq.stepMs() != 0 ? sq.stepMs() : ctx.defaultSubqueryStepMs;
        long innerEnd;
        long base;
        if (sq.at() != null) {
            long at = resolveAt(sq.at());
            innerEnd = at - sq.offsetMs();
            base = innerEnd;
        } else {
            innerEnd = end - sq.offsetMs();
            base = start - sq.offsetMs();
        }
        long lowerBound = base - sq.rangeMs();
        long innerStart = step * (lowerBound / step);
        if (innerStart <= lowerBound) {
            innerStart += step;
        }
        Evaluator inner = new Evaluator(ctx, innerStart, innerEnd, step, invariance);
        return inner.evalMatrix(sq.expr());
    }
}
