package dev.pharos.query.promql.eval;

/**
 * Neumaier-compensated summation, as Prometheus's kahansum.Inc: callers keep a running sum and compensation, add
 * with {@code c = compensation(x, sum, c); sum += x;} and read {@code sum + c} at the end.
 */
final class KahanSum {

    private KahanSum() {}

    /** The compensation after adding inc to sum. */
    static double compensation(double inc, double sum, double c) {
        double t = sum + inc;
        if (Double.isInfinite(t)) {
            return 0;
        }
        if (Math.abs(sum) >= Math.abs(inc)) {
            return c + ((sum - t) + inc);
        }
        return c + ((inc - t) + sum);
    }
}
