package dev.pharos.query.promql.eval;

/**
 * The samples of one series inside one step's range, as a slice [lo, hi) of shared arrays, plus the range bounds
 * (left-open: (rangeStart, rangeEnd]) and the evaluation time.
 */
final class RangeWindow {
    long[] t;
    double[] v;
    int lo;
    int hi;
    long rangeStart;
    long rangeEnd;
    long evalTime;

    int size() {
        return hi - lo;
    }
}
