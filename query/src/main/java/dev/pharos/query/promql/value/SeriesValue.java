package dev.pharos.query.promql.value;

import dev.pharos.query.promql.storage.Labels;

/** One series of a matrix: its points, timestamps ascending. */
public record SeriesValue(Labels labels, long[] timestampsMs, double[] values) {

    public int size() {
        return timestampsMs.length;
    }
}
