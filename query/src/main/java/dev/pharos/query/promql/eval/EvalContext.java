package dev.pharos.query.promql.eval;

import dev.pharos.query.promql.PromqlException;
import dev.pharos.query.promql.ast.VectorSelector;
import dev.pharos.query.promql.storage.Series;
import dev.pharos.query.promql.storage.StaleNaN;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/** State shared by all evaluators of one query: settings, fetched data, limits, annotations and statistics. */
final class EvalContext {

    final String query;
    final long queryStart;
    final long queryEnd;
    final long queryStep;
    final long lookbackMs;
    final long defaultSubqueryStepMs;
    final long maxSamples;
    final long deadlineNanos;
    final Annotations annotations;
    final Map<VectorSelector, List<Series>> selected;
    /** For the few selections only known during evaluation (the info series of info()). */
    final dev.pharos.query.promql.storage.SeriesSource source;
    private final Map<Series, Series> withoutStale = new IdentityHashMap<>();

    private long currentSamples;
    private long peakSamples;
    private int deadlineCounter;

    EvalContext(String query, long queryStart, long queryEnd, long queryStep, long lookbackMs, long defaultSubqueryStepMs, long maxSamples,
            long deadlineNanos, Map<VectorSelector, List<Series>> selected, dev.pharos.query.promql.storage.SeriesSource source) {
        this.query = query;
        this.queryStart = queryStart;
        this.queryEnd = queryEnd;
        this.queryStep = queryStep;
        this.lookbackMs = lookbackMs;
        this.defaultSubqueryStepMs = defaultSubqueryStepMs;
        this.maxSamples = maxSamples;
        this.deadlineNanos = deadlineNanos;
        this.annotations = new Annotations(query);
        this.selected = selected;
        this.source = source;
    }

    List<Series> seriesOf(VectorSelector vs) {
        List<Series> s = selected.get(vs);
        return s == null ? List.of() : s;
    }

    /** The series without staleness markers, which range selections ignore. */
    Series withoutStaleMarkers(Series s) {
        return withoutStale.computeIfAbsent(s, EvalContext::filterStale);
    }

    private static Series filterStale(Series s) {
        double[] v = s.values();
        int stale = 0;
        for (double x : v) {
            if (StaleNaN.is(x)) {
                stale++;
            }
        }
        if (stale == 0) {
            return s;
        }
        long[] nt = new long[v.length - stale];
        double[] nv = new double[v.length - stale];
        int j = 0;
        long[] t = s.timestampsMs();
        for (int i = 0; i < v.length; i++) {
            if (!StaleNaN.is(v[i])) {
                nt[j] = t[i];
                nv[j] = v[i];
                j++;
            }
        }
        return new Series(s.labels(), nt, nv);
    }

    /** Checks the deadline; cheap enough to call in inner loops. */
    void checkDeadline() {
        if ((++deadlineCounter & 1023) == 0 && System.nanoTime() - deadlineNanos > 0) {
            throw new PromqlException(PromqlException.Kind.TIMEOUT, "query timed out in expression evaluation");
        }
    }

    void checkDeadlineNow() {
        if (System.nanoTime() - deadlineNanos > 0) {
            throw new PromqlException(PromqlException.Kind.TIMEOUT, "query timed out in expression evaluation");
        }
    }

    /** Accounts for points now held in memory. */
    void addSamples(long n) {
        currentSamples += n;
        if (currentSamples > peakSamples) {
            peakSamples = currentSamples;
        }
        if (currentSamples > maxSamples) {
            throw new PromqlException(PromqlException.Kind.TOO_MANY_SAMPLES,
                    "query processing would load too many samples into memory in query execution");
        }
    }

    void releaseSamples(long n) {
        currentSamples = Math.max(0, currentSamples - n);
    }

    long peakSamples() {
        return peakSamples;
    }

    static PromqlException error(String message) {
        return new PromqlException(PromqlException.Kind.EXECUTION, message);
    }
}
