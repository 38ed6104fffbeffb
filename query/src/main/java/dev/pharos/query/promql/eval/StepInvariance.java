package dev.pharos.query.promql.eval;

import dev.pharos.query.promql.ast.AggregateExpr;
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
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * Finds the largest subtrees whose value does not depend on the evaluation step (those pinned with @), so they are
 * evaluated once and repeated for every step, as Prometheus does.
 */
final class StepInvariance {

    private final Set<Expr> wrapped = Collections.newSetFromMap(new IdentityHashMap<>());

    private StepInvariance() {}

    static StepInvariance of(Expr root) {
        StepInvariance s = new StepInvariance();
        Result r = s.visit(root);
        if (r.wrap) {
            s.wrapped.add(root);
        }
        return s;
    }

    boolean isInvariant(Expr e) {
        return wrapped.contains(e);
    }

    private record Result(boolean invariant, boolean wrap) {}

    private Result visit(Expr e) {
        return switch (e) {
            case VectorSelector vs -> new Result(vs.at() != null, vs.at() != null);
            case AggregateExpr a -> visit(a.expr());
            case BinaryExpr b -> {
                Result l = visit(b.lhs());
                Result r = visit(b.rhs());
                if (l.invariant && r.invariant) {
                    yield new Result(true, true);
                }
                if (l.wrap) {
                    wrapped.add(b.lhs());
                }
                if (r.wrap) {
                    wrapped.add(b.rhs());
                }
                yield new Result(false, false);
            }
            case Call c -> {
                boolean invariant = !Functions.AT_MODIFIER_UNSAFE.contains(c.function().name());
                boolean[] wrap = new boolean[c.args().size()];
                Expr[] args = new Expr[c.args().size()];
                for (int i = 0; i < wrap.length; i++) {
                    Expr arg = unwrapParens(c.args().get(i));
                    args[i] = arg;
                    Result r = visit(arg);
                    wrap[i] = r.wrap;
                    invariant = invariant && r.invariant;
                }
                if (invariant) {
                    yield new Result(true, true);
                }
                for (int i = 0; i < wrap.length; i++) {
                    if (wrap[i]) {
                        wrapped.add(args[i]);
                    }
                }
                yield new Result(false, false);
            }
            case MatrixSelector ms -> new Result(visit(ms.selector()).invariant, false);
            case SubqueryExpr sq -> {
                Result inner = visit(sq.expr());
                if (inner.invariant) {
                    wrapped.add(sq.expr());
                }
                yield new Result(sq.at() != null, sq.at() != null);
            }
            case ParenExpr p -> visit(p.expr());
            case UnaryExpr u -> visit(u.expr());
            case StringLiteral s -> new Result(true, false);
            case NumberLiteral n -> new Result(true, false);
        };
    }

    static Expr unwrapParens(Expr e) {
        while (e instanceof ParenExpr p) {
            e = p.expr();
        }
        return e;
    }
}
