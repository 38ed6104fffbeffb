package dev.pharos.query.promql.eval;

import dev.pharos.query.promql.storage.Labels;
import java.util.HashMap;
import java.util.Map;

/**
 * Collects per-step output samples into series keyed by labels. Over several steps, two samples with the same labels
 * at the same step are an error, as in Prometheus; in a single-step evaluation they are kept apart and left to the
 * final duplicate check, which sees the labels after the metric names are dropped.
 */
final class OutputCollector {

    private final boolean singleStep;
    private final int capacity;
    private final Map<Labels, EvalSeries> byLabels = new HashMap<>();
    private final Matrix out = new Matrix();

    OutputCollector(Evaluator ev) {
        this.singleStep = ev.numSteps == 1;
        this.capacity = Math.min(ev.numSteps, 1024);
    }

    /** The series receiving samples with these labels. */
    EvalSeries seriesFor(Labels labels, boolean dropName) {
        if (singleStep) {
            EvalSeries s = new EvalSeries(labels, dropName, 1);
            out.add(s);
            return s;
        }
        EvalSeries s = byLabels.get(labels);
        if (s == null) {
            s = new EvalSeries(labels, dropName, capacity);
            byLabels.put(labels, s);
            out.add(s);
        }
        return s;
    }

    static void append(EvalSeries s, long ts, double value) {
        if (s.n > 0 && s.t[s.n - 1] == ts) {
            throw EvalContext.error("vector cannot contain metrics with the same labelset");
        }
        s.add(ts, value);
    }

    void add(Labels labels, boolean dropName, long ts, double value) {
        append(seriesFor(labels, dropName), ts, value);
    }

    /** The collected series, in the order they first appeared; empty ones removed. */
    Matrix matrix() {
        out.series.removeIf(s -> s.n == 0);
        return out;
    }
}
