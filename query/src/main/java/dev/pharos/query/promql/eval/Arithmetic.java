package dev.pharos.query.promql.eval;

import dev.pharos.query.promql.ast.BinaryOp;

/** Float semantics of the binary operators, matching Go's math where Java's differs. */
final class Arithmetic {

    private Arithmetic() {}

    static double apply(BinaryOp op, double l, double r) {
        return switch (op) {
            case ADD -> l + r;
            case SUB -> l - r;
            case MUL -> l * r;
            case DIV -> l / r;
            case POW -> pow(l, r);
            case MOD -> l % r;
            case ATAN2 -> Math.atan2(l, r);
            case EQL -> l == r ? 1 : 0;
            case NEQ -> l != r ? 1 : 0;
            case GTR -> l > r ? 1 : 0;
            case LSS -> l < r ? 1 : 0;
            case GTE -> l >= r ? 1 : 0;
            case LTE -> l <= r ? 1 : 0;
            default -> throw new IllegalArgumentException("operator " + op + " not allowed for scalar operations");
        };
    }

    static boolean compare(BinaryOp op, double l, double r) {
        return switch (op) {
            case EQL -> l == r;
            case NEQ -> l != r;
            case GTR -> l > r;
            case LSS -> l < r;
            case GTE -> l >= r;
            case LTE -> l <= r;
            default -> throw new IllegalArgumentException("not a comparison: " + op);
        };
    }

    /** Go's math.Pow: 1 for x^0 and 1^y even with NaN, and (-1)^±Inf = 1. */
    static double pow(double x, double y) {
        if (y == 0 || x == 1) {
            return 1;
        }
        if (x == -1 && Double.isInfinite(y)) {
            return 1;
        }
        return Math.pow(x, y);
    }
}
