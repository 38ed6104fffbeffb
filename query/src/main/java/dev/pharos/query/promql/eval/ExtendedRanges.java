package dev.pharos.query.promql.eval;

import dev.pharos.query.promql.ast.MatrixSelector;
import dev.pharos.query.promql.ast.VectorSelector;
import dev.pharos.query.promql.ast.VectorSelector.ExtendedRange;
import dev.pharos.query.promql.storage.Series;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;

/**
 * The experimental {@code anchored} and {@code smoothed} range modifiers. Both also read samples up to the
 * lookback delta before the range; an anchored range starts at the last sample before (or at) its start, a
 * smoothed one interpolates the values at both boundaries (reading up to the lookback delta past its end).
 */
final class ExtendedRanges {

    private static final Set<String> ANCHORED_FUNCTIONS = Set.of("resets", "changes", "rate", "increase", "delta");
    private static final Set<String> SMOOTHED_FUNCTIONS = Set.of("rate", "increase", "delta");

    private ExtendedRanges() {}

    static void checkFunction(ExtendedRange mode, String function) {
        if (mode == ExtendedRange.ANCHORED && !ANCHORED_FUNCTIONS.contains(function)) {
            throw EvalContext.error("anchored modifier can only be used with: " + String.join(", ", new TreeSet<>(ANCHORED_FUNCTIONS))
                    + " - not with " + function);
        }
        if (mode == ExtendedRange.SMOOTHED && !SMOOTHED_FUNCTIONS.contains(function)) {
            throw EvalContext.error("smoothed modifier can only be used with: " + String.join(", ", new TreeSet<>(SMOOTHED_FUNCTIONS))
                    + " - not with " + function);
        }
    }

    /** Index of the first element of t[from, to) that satisfies t[i] > x (or to). */
    private static int firstAfter(long[] t, int from, int to, long x) {
        int i = from;
        while (i < to && t[i] <= x) {
            i++;
        }
        return i;
    }

    private static int firstAtOrAfter(long[] t, int from, int to, long x) {
        int i = from;
        while (i < to && t[i] < x) {
            i++;
        }
        return i;
    }

    private static double interpolate(long t1, double y1, long t2, double y2, long t, boolean counter) {
        if (counter && y2 < y1) {
            y1 = 0;
        }
        return y1 + (y2 - y1) * (double) (t - t1) / (double) (t2 - t1);
    }

    static boolean apply(String name, RangeWindow w, boolean smoothed, double rangeSeconds, RangeFunctions.Out out) {
        return switch (name) {
            case "rate" -> rate(w, smoothed, true, true, rangeSeconds, out);
            case "increase" -> rate(w, smoothed, true, false, rangeSeconds, out);
            case "delta" -> rate(w, smoothed, false, false, rangeSeconds, out);
            case "changes", "resets" -> {
                int first = firstIndex(w);
                if (first < 0) {
                    yield false;
                }
                RangeWindow sub = new RangeWindow();
                sub.t = w.t;
                sub.v = w.v;
                sub.lo = first;
                sub.hi = w.hi;
                out.value = name.equals("changes") ? RangeFunctions.changes(sub) : RangeFunctions.resets(sub);
                yield true;
            }
            default -> throw new IllegalStateException(name);
        };
    }

    /**
     * For anchored changes/resets: where counting starts, the last sample before the range start (the last sample
     * itself excluded from that search), or -1 when every sample is older than the range.
     */
    private static int firstIndex(RangeWindow w) {
        if (w.size() == 0 || w.t[w.hi - 1] < w.rangeStart) {
            return -1;
        }
        return Math.max(w.lo, firstAfter(w.t, w.lo, w.hi - 1, w.rangeStart) - 1);
    }

    private static boolean rate(RangeWindow w, boolean smoothed, boolean counter, boolean isRate, double rangeSeconds,
            RangeFunctions.Out out) {
        long[] t = w.t;
        double[] v = w.v;
        int last = w.hi - 1;
        int first = Math.max(w.lo, firstAfter(t, w.lo, last, w.rangeStart) - 1);
        if (smoothed) {
            last = firstAtOrAfter(t, w.lo, last, w.rangeEnd);
        }
        if (t[last] <= w.rangeStart) {
            return false;
        }
        double left = smoothed && t[first] < w.rangeStart && first + 1 <= w.hi - 1
                ? interpolate(t[first], v[first], t[first + 1], v[first + 1], w.rangeStart, counter) : v[first];
        double right = smoothed && last > w.lo && t[last] > w.rangeEnd
                ? interpolate(t[last - 1], v[last - 1], t[last], v[last], w.rangeEnd, counter) : v[last];
        double result = right - left;
        if (counter) {
            int a = first;
            int b = last;
            if (t[a] <= w.rangeStart) {
                a++;
            }
            if (t[b] >= w.rangeEnd) {
                b--;
            }
            double correction = 0;
            double prev = left;
            for (int i = a; i <= b; i++) {
                if (v[i] < prev) {
                    correction += prev;
                }
                prev = v[i];
            }
            if (right < prev) {
                correction += prev;
            }
            result += correction;
        }
        if (isRate) {
            result /= rangeSeconds;
        }
        out.value = result;
        return true;
    }

    /** A smoothed instant selector: at each step the value interpolated from the samples around it. */
    static Matrix smoothedInstant(Evaluator ev, VectorSelector vs) {
        Matrix out = new Matrix();
        long lookback = ev.ctx.lookbackMs;
        for (Series raw : ev.ctx.seriesOf(vs)) {
            Series s = ev.ctx.withoutStaleMarkers(raw);
            long[] t = s.timestampsMs();
            double[] v = s.values();
            EvalSeries es = null;
            int lo = 0;
            int hi = 0;
            for (int i = 0; i < ev.numSteps; i++) {
                long ts = ev.stepTime(i);
                long ref = (vs.at() != null ? ev.resolveAt(vs.at()) : ts) - vs.offsetMs();
                while (hi < t.length && t[hi] <= ref + lookback) {
                    hi++;
                }
                while (lo < hi && t[lo] <= ref - lookback) {
                    lo++;
                }
                if (lo == hi) {
                    continue;
                }
                int k = firstAtOrAfter(t, lo, hi, ref);
                double value;
                if (k < hi && t[k] == ref) {
                    value = v[k];
                } else if (k > lo && k < hi) {
                    value = interpolate(t[k - 1], v[k - 1], t[k], v[k], ref, false);
                } else if (k > lo) {
                    value = v[k - 1];
                } else {
                    continue;
                }
                if (es == null) {
                    es = new EvalSeries(s.labels(), false, ev.numSteps);
                }
                es.add(ts, value);
            }
            if (es != null) {
                ev.ctx.addSamples(es.n);
                out.add(es);
            }
        }
        return out;
    }

    /** An anchored or smoothed range vector as a query result: the samples plus points at both boundaries. */
    static Matrix extendedMatrix(Evaluator ev, MatrixSelector ms, long mint, long maxt) {
        VectorSelector vs = ms.selector();
        boolean smoothed = vs.extended() == ExtendedRange.SMOOTHED;
        long lookback = ev.ctx.lookbackMs;
        long lower = mint - lookback;
        long upper = smoothed ? maxt + lookback : maxt;
        Matrix out = new Matrix();
        for (Series raw : ev.ctx.seriesOf(vs)) {
            Series s = ev.ctx.withoutStaleMarkers(raw);
            long[] t = s.timestampsMs();
            double[] v = s.values();
            int lo = Evaluator.upperBound(t, lower);
            int hi = Evaluator.upperBound(t, upper);
            if (hi == lo) {
                continue;
            }
            int last = hi - 1;
            int first = Math.max(lo, firstAfter(t, lo, last, mint) - 1);
            if (smoothed) {
                last = firstAtOrAfter(t, lo, last, maxt);
            }
            if (t[last] <= mint) {
                continue;
            }
            double left = smoothed && t[first] < mint && first + 1 <= hi - 1
                    ? interpolate(t[first], v[first], t[first + 1], v[first + 1], mint, false) : v[first];
            double right = smoothed && last > lo && t[last] > maxt
                    ? interpolate(t[last - 1], v[last - 1], t[last], v[last], maxt, false) : v[last];
            if (t[first] <= mint) {
                first++;
            }
            if (t[last] >= maxt) {
                last--;
            }
            int inner = Math.max(last - first + 1, 0);
            long[] nt = new long[inner + 2];
            double[] nv = new double[inner + 2];
            nt[0] = mint;
            nv[0] = left;
            if (inner > 0) {
                System.arraycopy(t, first, nt, 1, inner);
                System.arraycopy(v, first, nv, 1, inner);
            }
            nt[inner + 1] = maxt;
            nv[inner + 1] = right;
            EvalSeries es = new EvalSeries(s.labels(), false, nt, nv, nt.length);
            ev.ctx.addSamples(es.n);
            out.add(es);
        }
        return out;
    }

}
