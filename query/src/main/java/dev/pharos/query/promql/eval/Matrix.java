package dev.pharos.query.promql.eval;

import java.util.ArrayList;
import java.util.List;

/**
 * The result of evaluating a node over all steps. An instant vector is a matrix whose points sit on the step
 * timestamps; a scalar is a matrix with one label-less series that has a point at every step.
 */
final class Matrix implements EvalValue {

    final List<EvalSeries> series;

    Matrix() {
        this.series = new ArrayList<>();
    }

    Matrix(List<EvalSeries> series) {
        this.series = series;
    }

    int size() {
        return series.size();
    }

    EvalSeries get(int i) {
        return series.get(i);
    }

    void add(EvalSeries s) {
        series.add(s);
    }

    long totalPoints() {
        long total = 0;
        for (EvalSeries s : series) {
            total += s.n;
        }
        return total;
    }
}
