package dev.pharos.query.promql.ast;

/**
 * A node of a parsed PromQL expression. Nodes are immutable; {@link Object#toString()} prints valid PromQL.
 */
public sealed interface Expr permits NumberLiteral, StringLiteral, VectorSelector, MatrixSelector, SubqueryExpr,
        ParenExpr, UnaryExpr, BinaryExpr, AggregateExpr, Call {

    ValueType type();

    PositionRange pos();
}
