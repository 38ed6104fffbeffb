package dev.pharos.query.promql.storage;

/**
 * A stored series: its labels and its samples sorted by time. Values may contain the staleness marker
 * ({@link StaleNaN}).
 */
public record Series(Labels labels, long[] timestampsMs, double[] values) {

    public Series {
        if (timestampsMs.length != values.length) {
            throw new IllegalArgumentException("timestamps and values differ in length");
        }
    }

    public int size() {
        return timestampsMs.length;
    }
}
