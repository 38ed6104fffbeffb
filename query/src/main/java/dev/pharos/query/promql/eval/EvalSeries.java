package dev.pharos.query.promql.eval;

import dev.pharos.query.promql.storage.Labels;
import java.util.Arrays;

/**
 * One series of an intermediate result: points (timestamp, value) in time order, in growable primitive arrays.
 * {@code dropName} marks a series whose metric name is removed when the query finishes (Prometheus's delayed name
 * removal): the name stays available to label functions and grouping until then.
 */
final class EvalSeries {

    Labels labels;
    boolean dropName;
    long[] t;
    double[] v;
    int n;
    /** Scratch marks for operators that need to recognize a series they already touched in the current step. */
    int markStep = -1;
    int markTag;

    EvalSeries(Labels labels, boolean dropName, int capacity) {
        this.labels = labels;
        this.dropName = dropName;
        int c = Math.max(1, capacity);
        this.t = new long[c];
        this.v = new double[c];
    }

    EvalSeries(Labels labels, boolean dropName, long[] t, double[] v, int n) {
        this.labels = labels;
        this.dropName = dropName;
        this.t = t;
        this.v = v;
        this.n = n;
    }

    void add(long ts, double value) {
        if (n == t.length) {
            int c = Math.max(4, t.length * 2);
            t = Arrays.copyOf(t, c);
            v = Arrays.copyOf(v, c);
        }
        t[n] = ts;
        v[n] = value;
        n++;
    }

    long lastT() {
        return n == 0 ? Long.MIN_VALUE : t[n - 1];
    }

    /** A copy sharing nothing with this series. */
    EvalSeries copy() {
        return new EvalSeries(labels, dropName, Arrays.copyOf(t, Math.max(n, 1)), Arrays.copyOf(v, Math.max(n, 1)), n);
    }
}
