package dev.pharos.query.promql.conformance;

/**
 * One position of a series description: a float, a staleness marker, a native sample of another type (histogram
 * {@code {{...}}} or stateset {@code ss(...)}, which this engine does not support) or nothing.
 */
public record SequenceValue(Kind kind, double value) {

    public enum Kind { FLOAT, STALE, HISTOGRAM, STATESET, OMITTED }

    public static final SequenceValue OMITTED = new SequenceValue(Kind.OMITTED, 0);
    public static final SequenceValue STALE = new SequenceValue(Kind.STALE, 0);
    public static final SequenceValue HISTOGRAM = new SequenceValue(Kind.HISTOGRAM, 0);
    public static final SequenceValue STATESET = new SequenceValue(Kind.STATESET, 0);

    public static SequenceValue of(double v) {
        return new SequenceValue(Kind.FLOAT, v);
    }
}
