package dev.pharos.query.promql.ast;

/**
 * A number; {@code duration} marks one written as a duration (like {@code 5m}), which prints back as a duration.
 */
public record NumberLiteral(double value, boolean duration, PositionRange pos) implements Expr {

    @Override
    public ValueType type() {
        return ValueType.SCALAR;
    }

    @Override
    public String toString() {
        if (duration && !Double.isNaN(value) && !Double.isInfinite(value)) {
            long ms = Math.round(value * 1000);
            return ms < 0 ? "-" + Durations.format(-ms) : Durations.format(ms);
        }
        return Numbers.format(value);
    }
}
