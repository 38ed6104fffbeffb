package dev.pharos.query.promql.eval;

import dev.pharos.query.promql.ast.Numbers;
import java.util.Arrays;

/**
 * The functions over range vectors (rate, increase, *_over_time, ...), each computing one value from a window.
 * They return false when the window yields no output (e.g. rate with fewer than two samples).
 */
final class RangeFunctions {

    /** Receives the value of a function call. */
    static final class Out {
        double value;
    }

    private RangeFunctions() {}

    /**
     * Whether no value in the first {@code n} is below the one before it: the same test as the reset correction of
     * {@link #extrapolatedRate}, once per series instead of once per window (each sample is in range/step windows).
     */
    static boolean noDrops(double[] v, int n) {
        for (int i = 1; i < n; i++) {
            if (v[i] < v[i - 1]) {
                return false;
            }
        }
        return true;
    }

    /**
     * rate, increase and delta: the change over the window, extrapolated towards the range boundaries when the
     * first and last samples are within 1.1 average intervals of them (else by half an interval), never below zero
     * for counters, with counter resets added back.
     */
    static boolean extrapolatedRate(RangeWindow w, boolean isCounter, boolean isRate, double rangeSeconds, Out out) {
        int n = w.size();
        if (n < 2) {
            return false;
        }
        double[] v = w.v;
        long[] t = w.t;
        double result = v[w.hi - 1] - v[w.lo];
        if (isCounter && !w.noDrops) {
            for (int i = w.lo + 1; i < w.hi; i++) {
                if (v[i] < v[i - 1]) {
                    result += v[i - 1];
                }
            }
        }
        long firstT = t[w.lo];
        long lastT = t[w.hi - 1];
        double durationToStart = (firstT - w.rangeStart) / 1000.0;
        double durationToEnd = (w.rangeEnd - lastT) / 1000.0;
        double sampledInterval = (lastT - firstT) / 1000.0;
        double averageBetween = sampledInterval / (n - 1);
        double threshold = averageBetween * 1.1;
        if (durationToStart >= threshold) {
            durationToStart = averageBetween / 2;
        }
        if (isCounter) {
            double durationToZero = durationToStart;
            if (result > 0 && v[w.lo] >= 0) {
                durationToZero = sampledInterval * (v[w.lo] / result);
            }
            if (durationToZero < durationToStart) {
                durationToStart = durationToZero;
            }
        }
        if (durationToEnd >= threshold) {
            durationToEnd = averageBetween / 2;
        }
        double factor = (sampledInterval + durationToStart + durationToEnd) / sampledInterval;
        if (isRate) {
            factor /= rangeSeconds;
        }
        out.value = result * factor;
        return true;
    }

    /** irate and idelta: from the last two samples; irate treats a decrease as a counter reset. */
    static boolean instantValue(RangeWindow w, boolean isRate, Out out) {
        if (w.size() < 2) {
            return false;
        }
        double prev = w.v[w.hi - 2];
        double last = w.v[w.hi - 1];
        long interval = w.t[w.hi - 1] - w.t[w.hi - 2];
        if (interval == 0) {
            return false;
        }
        double result = last;
        if (!isRate || !(last < prev)) {
            result = last - prev;
        }
        if (isRate) {
            result /= interval / 1000.0;
        }
        out.value = result;
        return true;
    }

    static double avgOverTime(RangeWindow w) {
        double[] v = w.v;
        double sum = v[w.lo];
        double count = 1;
        double mean = 0;
        double c = 0;
        boolean incremental = false;
        for (int i = w.lo + 1; i < w.hi; i++) {
            double f = v[i];
            count = i - w.lo + 1;
            if (!incremental) {
                double newSum = sum + f;
                double newC = KahanSum.compensation(f, sum, c);
                if (!Double.isInfinite(newSum)) {
                    sum = newSum;
                    c = newC;
                    continue;
                }
                incremental = true;
                mean = sum / (count - 1);
                c /= count - 1;
            }
            double q = (count - 1) / count;
            double inc = f / count;
            double base = q * mean;
            c = KahanSum.compensation(inc, base, q * c);
            mean = base + inc;
        }
        if (incremental) {
            return mean + c;
        }
        return sum / count + c / count;
    }

    static double sumOverTime(RangeWindow w) {
        double sum = 0;
        double c = 0;
        for (int i = w.lo; i < w.hi; i++) {
            c = KahanSum.compensation(w.v[i], sum, c);
            sum += w.v[i];
        }
        return Double.isInfinite(sum) ? sum : sum + c;
    }

    /** max/min_over_time and their ts_of_ variants; NaN is replaced by any later sample. */
    static double compareOverTime(RangeWindow w, boolean max, boolean orEqual, boolean returnTimestamp) {
        double best = w.v[w.lo];
        long bestT = w.t[w.lo];
        for (int i = w.lo; i < w.hi; i++) {
            double cur = w.v[i];
            boolean better;
            if (max) {
                better = orEqual ? cur >= best : cur > best;
            } else {
                better = orEqual ? cur <= best : cur < best;
            }
            if (better || Double.isNaN(best)) {
                best = cur;
                bestT = w.t[i];
            }
        }
        return returnTimestamp ? bestT / 1000.0 : best;
    }

    static double variance(RangeWindow w) {
        double count = 0;
        double mean = 0;
        double cMean = 0;
        double aux = 0;
        double cAux = 0;
        for (int i = w.lo; i < w.hi; i++) {
            double f = w.v[i];
            count++;
            double delta = f - (mean + cMean);
            double inc = delta / count;
            cMean = KahanSum.compensation(inc, mean, cMean);
            mean += inc;
            double inc2 = delta * (f - (mean + cMean));
            cAux = KahanSum.compensation(inc2, aux, cAux);
            aux += inc2;
        }
        return (aux + cAux) / count;
    }

    static double quantileOverTime(RangeWindow w, double q) {
        double[] values = Arrays.copyOfRange(w.v, w.lo, w.hi);
        return Quantiles.quantile(q, values, values.length);
    }

    static double madOverTime(RangeWindow w) {
        double[] values = Arrays.copyOfRange(w.v, w.lo, w.hi);
        double median = Quantiles.quantile(0.5, values, values.length);
        double[] dev = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            dev[i] = Math.abs(values[i] - median);
        }
        return Quantiles.quantile(0.5, dev, dev.length);
    }

    static double changes(RangeWindow w) {
        int changes = 0;
        for (int i = w.lo + 1; i < w.hi; i++) {
            double prev = w.v[i - 1];
            double cur = w.v[i];
            if (cur != prev && !(Double.isNaN(cur) && Double.isNaN(prev))) {
                changes++;
            }
        }
        return changes;
    }

    static double resets(RangeWindow w) {
        int resets = 0;
        for (int i = w.lo + 1; i < w.hi; i++) {
            if (w.v[i] < w.v[i - 1]) {
                resets++;
            }
        }
        return resets;
    }

    /** Least-squares fit; returns {slope, intercept at interceptTime}. */
    static double[] linearRegression(RangeWindow w, long interceptTime) {
        double n = 0;
        double sumX = 0;
        double cX = 0;
        double sumY = 0;
        double cY = 0;
        double sumXY = 0;
        double cXY = 0;
        double sumX2 = 0;
        double cX2 = 0;
        double initY = w.v[w.lo];
        boolean constY = true;
        for (int i = w.lo; i < w.hi; i++) {
            double y = w.v[i];
            if (constY && i > w.lo && y != initY) {
                constY = false;
            }
            n += 1.0;
            double x = (w.t[i] - interceptTime) / 1e3;
            cX = KahanSum.compensation(x, sumX, cX);
            sumX += x;
            cY = KahanSum.compensation(y, sumY, cY);
            sumY += y;
            cXY = KahanSum.compensation(x * y, sumXY, cXY);
            sumXY += x * y;
            cX2 = KahanSum.compensation(x * x, sumX2, cX2);
            sumX2 += x * x;
        }
        if (constY) {
            if (Double.isInfinite(initY)) {
                return new double[] {Double.NaN, Double.NaN};
            }
            return new double[] {0, initY};
        }
        sumX += cX;
        sumY += cY;
        sumXY += cXY;
        sumX2 += cX2;
        double covXY = sumXY - sumX * sumY / n;
        double varX = sumX2 - sumX * sumX / n;
        double slope = covXY / varX;
        double intercept = sumY / n - slope * sumX / n;
        return new double[] {slope, intercept};
    }

    /** Holt's linear (double exponential) smoothing; the factors must be in (0, 1). */
    static boolean doubleExponentialSmoothing(RangeWindow w, double sf, double tf, Out out) {
        if (sf <= 0 || sf >= 1) {
            throw EvalContext.error("invalid smoothing factor. Expected: 0 < sf < 1, got: " + goFixed(sf));
        }
        if (tf <= 0 || tf >= 1) {
            throw EvalContext.error("invalid trend factor. Expected: 0 < tf < 1, got: " + goFixed(tf));
        }
        int l = w.size();
        if (l < 2) {
            return false;
        }
        double[] v = w.v;
        double s0 = 0;
        double s1 = v[w.lo];
        double b = v[w.lo + 1] - v[w.lo];
        for (int i = 1; i < l; i++) {
            double x = sf * v[w.lo + i];
            b = trend(i - 1, tf, s0, s1, b);
            double y = (1 - sf) * (s1 + b);
            s0 = s1;
            s1 = x + y;
        }
        out.value = s1;
        return true;
    }

    private static double trend(int i, double tf, double s0, double s1, double b) {
        if (i == 0) {
            return b;
        }
        return tf * (s1 - s0) + (1 - tf) * b;
    }

    /** Go's %f: six decimals. */
    static String goFixed(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        return String.format(java.util.Locale.ROOT, "%.6f", v);
    }

    static String quantileWarning(double q) {
        return "quantile value should be between 0 and 1, got " + Numbers.formatG(q);
    }
}
