package dev.pharos.query.promql.eval;

/**
 * Quantile and fraction estimation over classic histogram buckets (upper bound, cumulative count), with
 * Prometheus's corrections: buckets are sorted and merged by bound, tiny float differences are ignored and
 * decreasing counts are raised to keep the counts monotonic.
 */
final class BucketMath {

    private static final double SMALL_DELTA_TOLERANCE = 1e-12;

    record Result(double value, boolean forcedMonotonic) {}

    private BucketMath() {}

    /** Sorts by bound and merges equal bounds; returns the new size. */
    private static int sortAndCoalesce(double[] bounds, double[] counts, int n) {
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (a, b) -> Double.compare(bounds[a], bounds[b]));
        double[] b2 = new double[n];
        double[] c2 = new double[n];
        for (int i = 0; i < n; i++) {
            b2[i] = bounds[order[i]];
            c2[i] = counts[order[i]];
        }
        int m = 0;
        for (int i = 0; i < n; i++) {
            if (m > 0 && b2[i] == bounds[m - 1]) {
                counts[m - 1] += c2[i];
            } else {
                bounds[m] = b2[i];
                counts[m] = c2[i];
                m++;
            }
        }
        return m;
    }

    static Result quantile(double q, double[] bounds, double[] counts, int n) {
        if (Double.isNaN(q)) {
            return new Result(Double.NaN, false);
        }
        if (q < 0) {
            return new Result(Double.NEGATIVE_INFINITY, false);
        }
        if (q > 1) {
            return new Result(Double.POSITIVE_INFINITY, false);
        }
        n = sortAndCoalesce(bounds, counts, n);
        if (n == 0 || bounds[n - 1] != Double.POSITIVE_INFINITY) {
            return new Result(Double.NaN, false);
        }
        boolean forced = ensureMonotonic(counts, n);
        if (n < 2) {
            return new Result(Double.NaN, false);
        }
        double observations = counts[n - 1];
        if (observations == 0) {
            return new Result(Double.NaN, false);
        }
        double rank = q * observations;
        int b = 0;
        while (b < n - 1 && !(counts[b] >= rank)) {
            b++;
        }
        if (b == n - 1) {
            return new Result(bounds[n - 2], forced);
        }
        if (b == 0 && bounds[0] <= 0) {
            return new Result(bounds[0], forced);
        }
        double bucketStart = 0;
        double bucketEnd = bounds[b];
        double count = counts[b];
        if (b > 0) {
            bucketStart = bounds[b - 1];
            count -= counts[b - 1];
            rank -= counts[b - 1];
        }
        return new Result(bucketStart + (bucketEnd - bucketStart) * (rank / count), forced);
    }

    /** Forces non-decreasing counts; differences within the tolerance are float noise and silently evened out. */
    private static boolean ensureMonotonic(double[] counts, int n) {
        boolean forced = false;
        double prev = counts[0];
        for (int i = 1; i < n; i++) {
            double curr = counts[i];
            if (curr == prev) {
                continue;
            }
            if (almostEqual(prev, curr, SMALL_DELTA_TOLERANCE)) {
                counts[i] = prev;
                continue;
            }
            if (curr < prev) {
                counts[i] = prev;
                forced = true;
                continue;
            }
            prev = curr;
        }
        return forced;
    }

    static boolean almostEqual(double a, double b, double epsilon) {
        if (Double.isNaN(a) && Double.isNaN(b)) {
            return true;
        }
        if (a == b) {
            return true;
        }
        double absSum = Math.abs(a) + Math.abs(b);
        double diff = Math.abs(a - b);
        double minNormal = Double.MIN_NORMAL;
        if (a == 0 || b == 0 || absSum < minNormal) {
            return diff < epsilon * minNormal;
        }
        return diff / Math.min(absSum, Double.MAX_VALUE) < epsilon;
    }

    /** The fraction of observations between lower and upper, interpolating linearly inside buckets. */
    static double fraction(double lower, double upper, double[] bounds, double[] counts, int n) {
        n = sortAndCoalesce(bounds, counts, n);
        if (n == 0 || bounds[n - 1] != Double.POSITIVE_INFINITY) {
            return Double.NaN;
        }
        double total = counts[n - 1];
        if (total == 0 || Double.isNaN(lower) || Double.isNaN(upper)) {
            return Double.NaN;
        }
        if (lower >= upper) {
            return 0;
        }
        double rank = 0;
        double lowerRank = 0;
        double upperRank = 0;
        boolean lowerSet = false;
        boolean upperSet = false;
        for (int i = 0; i < n; i++) {
            double lowerBound = i > 0 ? bounds[i - 1] : Double.NEGATIVE_INFINITY;
            double upperBound = bounds[i];
            if (i == 0 && upperBound > 0) {
                lowerBound = 0;
            }
            if (!lowerSet && lowerBound >= lower) {
                lowerRank = rank;
                lowerSet = true;
            }
            if (!upperSet && lowerBound >= upper) {
                upperRank = rank;
                upperSet = true;
            }
            if (lowerSet && upperSet) {
                break;
            }
            if (!lowerSet && lowerBound < lower && upperBound > lower) {
                lowerRank = interpolate(rank, counts[i], lowerBound, upperBound, lower);
                lowerSet = true;
            }
            if (!upperSet && lowerBound < upper && upperBound > upper) {
                upperRank = interpolate(rank, counts[i], lowerBound, upperBound, upper);
                upperSet = true;
            }
            if (lowerSet && upperSet) {
                break;
            }
            rank = counts[i];
        }
        if (!lowerSet || lowerRank > total) {
            lowerRank = total;
        }
        if (!upperSet || upperRank > total) {
            upperRank = total;
        }
        return (upperRank - lowerRank) / total;
    }

    private static double interpolate(double rank, double count, double lowerBound, double upperBound, double v) {
        if (Double.isInfinite(lowerBound) || Double.isInfinite(upperBound)) {
            return Double.isInfinite(upperBound) ? rank : count;
        }
        return rank + (count - rank) * (v - lowerBound) / (upperBound - lowerBound);
    }
}
