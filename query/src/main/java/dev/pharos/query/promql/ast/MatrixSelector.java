package dev.pharos.query.promql.ast;

/** A range vector selector {@code sel[range]}; offset and @ live on the inner selector. */
public record MatrixSelector(VectorSelector selector, long rangeMs, PositionRange pos) implements Expr {

    @Override
    public ValueType type() {
        return ValueType.MATRIX;
    }

    @Override
    public String toString() {
        return selector.plainString() + "[" + Durations.format(rangeMs) + "]" + selector.extendedSuffix()
                + VectorSelector.modifiers(selector.at(), selector.offsetMs());
    }
}
