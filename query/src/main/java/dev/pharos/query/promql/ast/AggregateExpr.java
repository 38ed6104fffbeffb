package dev.pharos.query.promql.ast;

import java.util.List;

/**
 * An aggregation such as {@code sum by (job) (x)} or {@code topk(3, x)}.
 *
 * @param param    the parameter of topk, bottomk, quantile, count_values, limitk and limit_ratio, else null
 * @param grouping the by/without labels
 * @param without  true for without(...)
 */
public record AggregateExpr(AggregationOp op, Expr expr, Expr param, List<String> grouping, boolean without, PositionRange pos)
        implements Expr {

    public AggregateExpr {
        grouping = List.copyOf(grouping);
    }

    @Override
    public ValueType type() {
        return ValueType.VECTOR;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(op.keyword());
        if (without) {
            sb.append(" without (").append(String.join(", ", grouping)).append(") ");
        } else if (!grouping.isEmpty()) {
            sb.append(" by (").append(String.join(", ", grouping)).append(") ");
        }
        sb.append('(');
        if (param != null) {
            sb.append(param).append(", ");
        }
        return sb.append(expr).append(')').toString();
    }
}
