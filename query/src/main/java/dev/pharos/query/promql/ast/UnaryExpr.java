package dev.pharos.query.promql.ast;

/** Unary minus or plus; {@code negate} is false for plus. */
public record UnaryExpr(boolean negate, Expr expr, PositionRange pos) implements Expr {

    @Override
    public ValueType type() {
        return expr.type();
    }

    @Override
    public String toString() {
        return (negate ? "-" : "+") + expr;
    }
}
