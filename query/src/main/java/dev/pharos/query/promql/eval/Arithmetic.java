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
            case BITAND, BITOR, BITXOR -> bitwise(op, l, r);
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

    private static final double MAX_EXACT_INTEGER = 9007199254740991.0;

    /** Bitwise operators work on exact integers in [0, 2^53); anything else gives NaN. */
    static double bitwise(BinaryOp op, double l, double r) {
        if (!exactNonNegativeInteger(l) || !exactNonNegativeInteger(r)) {
            return Double.NaN;
        }
        long a = (long) l;
        long b = (long) r;
        return switch (op) {
            case BITAND -> a & b;
            case BITOR -> a | b;
            default -> a ^ b;
        };
    }

    private static boolean exactNonNegativeInteger(double v) {
        return v >= 0 && v <= MAX_EXACT_INTEGER && v == Math.floor(v);
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
