package dev.pharos.query.promql.conformance;

import dev.pharos.query.promql.ast.AggregateExpr;
import dev.pharos.query.promql.ast.AtModifier;
import dev.pharos.query.promql.ast.BinaryExpr;
import dev.pharos.query.promql.ast.Call;
import dev.pharos.query.promql.ast.Expr;
import dev.pharos.query.promql.ast.Functions;
import dev.pharos.query.promql.ast.MatrixSelector;
import dev.pharos.query.promql.ast.NumberLiteral;
import dev.pharos.query.promql.ast.ParenExpr;
import dev.pharos.query.promql.ast.StringLiteral;
import dev.pharos.query.promql.ast.SubqueryExpr;
import dev.pharos.query.promql.ast.UnaryExpr;
import dev.pharos.query.promql.ast.VectorSelector;
import java.util.ArrayList;
import java.util.List;

/**
 * Like promqltest, checks an instant query again with every selector pinned by {@code @ <eval time>} and
 * evaluated at other times: the result must not change. Skipped for time-dependent functions.
 */
final class AtModifierVariants {

    record Variant(String expr, long timeMs) {}

    private AtModifierVariants() {}

    static List<Variant> of(Expr expr, long timeMs) {
        if (usesTimeDependentFunction(expr)) {
            return List.of();
        }
        String pinned = pin(expr, AtModifier.at(timeMs)).toString();
        long[] times = timeMs == 0 ? new long[] {-1000, 0, 1000} : new long[] {-10 * timeMs, 0, timeMs / 5, timeMs, 10 * timeMs};
        List<Variant> out = new ArrayList<>();
        for (long t : times) {
            out.add(new Variant(pinned, t));
        }
        return out;
    }

    private static boolean usesTimeDependentFunction(Expr e) {
        return switch (e) {
            case Call c -> Functions.AT_MODIFIER_UNSAFE.contains(c.function().name())
                    || c.args().stream().anyMatch(AtModifierVariants::usesTimeDependentFunction);
            case AggregateExpr a -> usesTimeDependentFunction(a.expr())
                    || (a.param() != null && usesTimeDependentFunction(a.param()));
            case BinaryExpr b -> usesTimeDependentFunction(b.lhs()) || usesTimeDependentFunction(b.rhs());
            case ParenExpr p -> usesTimeDependentFunction(p.expr());
            case UnaryExpr u -> usesTimeDependentFunction(u.expr());
            case SubqueryExpr s -> usesTimeDependentFunction(s.expr());
            default -> false;
        };
    }

    /** Sets @ on selectors and subqueries that have none, not descending into pinned subqueries. */
    private static Expr pin(Expr e, AtModifier at) {
        return switch (e) {
            case VectorSelector vs -> vs.at() == null ? vs.withAt(at, vs.pos()) : vs;
            case MatrixSelector ms -> ms.selector().at() == null
                    ? new MatrixSelector(ms.selector().withAt(at, ms.selector().pos()), ms.rangeMs(), ms.pos())
                    : ms;
            case SubqueryExpr sq -> sq.at() == null ? sq.withAt(at, sq.pos()) : sq;
            case AggregateExpr a -> new AggregateExpr(a.op(), pin(a.expr(), at), a.param() == null ? null : pin(a.param(), at),
                    a.grouping(), a.without(), a.pos());
            case BinaryExpr b -> new BinaryExpr(b.op(), pin(b.lhs(), at), pin(b.rhs(), at), b.matching(), b.returnBool(), b.pos());
            case Call c -> new Call(c.function(), c.args().stream().map(x -> pin(x, at)).toList(), c.pos());
            case ParenExpr p -> new ParenExpr(pin(p.expr(), at), p.pos());
            case UnaryExpr u -> new UnaryExpr(u.negate(), pin(u.expr(), at), u.pos());
            case NumberLiteral n -> n;
            case StringLiteral s -> s;
        };
    }
}
