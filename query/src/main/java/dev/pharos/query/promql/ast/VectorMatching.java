package dev.pharos.query.promql.ast;

import java.util.List;

/**
 * How the series of two vectors are paired by a binary operator, including the experimental fill modifiers
 * ({@code fill(v)}, {@code fill_left(v)}, {@code fill_right(v)}).
 *
 * @param on             true for on(...), false for ignoring(...) (or no clause)
 * @param matchingLabels the labels of on(...) or ignoring(...)
 * @param include        the extra labels of group_left(...) / group_right(...), taken from the "one" side
 */
public record VectorMatching(Cardinality cardinality, List<String> matchingLabels, boolean on, List<String> include,
        Double fillLeft, Double fillRight) {

    public enum Cardinality { ONE_TO_ONE, MANY_TO_ONE, ONE_TO_MANY, MANY_TO_MANY }

    public VectorMatching {
        matchingLabels = List.copyOf(matchingLabels);
        include = List.copyOf(include);
    }

    public VectorMatching(Cardinality cardinality, List<String> matchingLabels, boolean on, List<String> include) {
        this(cardinality, matchingLabels, on, include, null, null);
    }

    public static VectorMatching defaultFor(BinaryOp op) {
        return new VectorMatching(op.isSetOperator() ? Cardinality.MANY_TO_MANY : Cardinality.ONE_TO_ONE, List.of(), false,
                List.of());
    }

    public VectorMatching withCardinality(Cardinality c) {
        return new VectorMatching(c, matchingLabels, on, include, fillLeft, fillRight);
    }

    /** With the fill modifiers: values standing in for a missing left or right sample (null: no fill). */
    public VectorMatching withFill(Double left, Double right) {
        return new VectorMatching(cardinality, matchingLabels, on, include, left, right);
    }

    public boolean hasFill() {
        return fillLeft != null || fillRight != null;
    }
}
