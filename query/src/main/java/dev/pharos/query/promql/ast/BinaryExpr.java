package dev.pharos.query.promql.ast;

/**
 * A binary operation.
 *
 * @param matching   vector matching, present only when both sides are instant vectors
 * @param returnBool the {@code bool} modifier of comparisons
 */
public record BinaryExpr(BinaryOp op, Expr lhs, Expr rhs, VectorMatching matching, boolean returnBool, PositionRange pos)
        implements Expr {

    @Override
    public ValueType type() {
        return lhs.type() == ValueType.SCALAR && rhs.type() == ValueType.SCALAR ? ValueType.SCALAR : ValueType.VECTOR;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        sb.append(lhs).append(' ').append(op.symbol());
        if (returnBool) {
            sb.append(" bool");
        }
        if (matching != null) {
            boolean grouped = matching.cardinality() == VectorMatching.Cardinality.MANY_TO_ONE
                    || matching.cardinality() == VectorMatching.Cardinality.ONE_TO_MANY;
            if (!matching.matchingLabels().isEmpty() || matching.on() || grouped) {
                sb.append(matching.on() ? " on (" : " ignoring (").append(String.join(", ", matching.matchingLabels()))
                        .append(')');
            }
            if (grouped) {
                sb.append(matching.cardinality() == VectorMatching.Cardinality.MANY_TO_ONE ? " group_left (" : " group_right (")
                        .append(String.join(", ", matching.include())).append(')');
            }
            Double l = matching.fillLeft();
            Double r = matching.fillRight();
            if (l != null && r != null && l.equals(r)) {
                sb.append(" fill (").append(Numbers.format(l)).append(')');
            } else {
                if (l != null) {
                    sb.append(" fill_left (").append(Numbers.format(l)).append(')');
                }
                if (r != null) {
                    sb.append(" fill_right (").append(Numbers.format(r)).append(')');
                }
            }
        }
        return sb.append(' ').append(rhs).toString();
    }
}
