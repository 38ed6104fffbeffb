package dev.pharos.query.promql.ast;

/**
 * A subquery {@code expr[range:step]}.
 *
 * @param stepMs the resolution, 0 when omitted ({@code [5m:]}: the engine's default)
 */
public record SubqueryExpr(Expr expr, long rangeMs, long stepMs, long offsetMs, AtModifier at, PositionRange pos)
        implements Expr {

    public SubqueryExpr withOffset(long newOffsetMs, PositionRange newPos) {
        return new SubqueryExpr(expr, rangeMs, stepMs, newOffsetMs, at, newPos);
    }

    public SubqueryExpr withAt(AtModifier newAt, PositionRange newPos) {
        return new SubqueryExpr(expr, rangeMs, stepMs, offsetMs, newAt, newPos);
    }

    @Override
    public ValueType type() {
        return ValueType.MATRIX;
    }

    @Override
    public String toString() {
        String step = stepMs == 0 ? "" : Durations.format(stepMs);
        return expr + "[" + Durations.format(rangeMs) + ":" + step + "]" + VectorSelector.modifiers(at, offsetMs);
    }
}
