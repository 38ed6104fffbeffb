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
    /**
     * True when no value of the whole series is below the one before it (no counter reset anywhere), so a window needs
     * no reset correction. False when not known: the correction loop then runs.
     */
    boolean noDrops;

    int size() {
        return hi - lo;
    }
}
