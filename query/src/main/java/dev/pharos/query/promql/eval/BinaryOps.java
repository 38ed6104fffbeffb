package dev.pharos.query.promql.eval;

import dev.pharos.query.promql.ast.BinaryExpr;
import dev.pharos.query.promql.ast.BinaryOp;
import dev.pharos.query.promql.ast.ValueType;

/** Binary operators between scalars and vectors; vector-to-vector matching is in {@link VectorMatcher}. */
final class BinaryOps {

    private final Evaluator ev;

    BinaryOps(Evaluator ev) {
        this.ev = ev;
    }

    Matrix eval(BinaryExpr b) {
        ValueType lt = b.lhs().type();
        ValueType rt = b.rhs().type();
        if (lt == ValueType.SCALAR && rt == ValueType.SCALAR) {
            double[] l = ev.evalScalar(b.lhs());
            double[] r = ev.evalScalar(b.rhs());
            double[] out = new double[ev.numSteps];
            for (int i = 0; i < out.length; i++) {
                out[i] = Arithmetic.apply(b.op(), l[i], r[i]);
            }
            return ev.denseScalar(out);
        }
        if (lt == ValueType.VECTOR && rt == ValueType.VECTOR) {
            Matrix lhs = ev.evalMatrix(b.lhs());
            Matrix rhs = ev.evalMatrix(b.rhs());
            Matrix result = new VectorMatcher(ev, b).apply(lhs, rhs);
            ev.ctx.releaseSamples(lhs.totalPoints() + rhs.totalPoints());
            ev.ctx.addSamples(result.totalPoints());
            return result;
        }
        if (lt == ValueType.VECTOR) {
            Matrix vec = ev.evalMatrix(b.lhs());
            double[] scalar = ev.evalScalar(b.rhs());
            return vectorScalar(b, vec, scalar, false);
        }
        double[] scalar = ev.evalScalar(b.lhs());
        Matrix vec = ev.evalMatrix(b.rhs());
        return vectorScalar(b, vec, scalar, true);
    }

    /**
     * Applies the operator to every point of the vector with the scalar of the same step. Comparisons keep the
     * vector's value (even when the scalar is on the left) and drop the points that fail.
     */
    private Matrix vectorScalar(BinaryExpr b, Matrix vec, double[] scalar, boolean scalarOnLeft) {
        BinaryOp op = b.op();
        boolean comparison = op.isComparison();
        Matrix out = new Matrix();
        long released = 0;
        for (EvalSeries s : vec.series) {
            ev.ctx.checkDeadline();
            int w = 0;
            for (int i = 0; i < s.n; i++) {
                double vv = s.v[i];
                double sv = scalar[ev.stepIndex(s.t[i])];
                double l = scalarOnLeft ? sv : vv;
                double r = scalarOnLeft ? vv : sv;
                double value;
                boolean keep = true;
                if (comparison) {
                    keep = Arithmetic.compare(op, l, r);
                    value = vv;
                    if (b.returnBool()) {
                        value = keep ? 1 : 0;
                        keep = true;
                    }
                } else {
                    value = Arithmetic.apply(op, l, r);
                }
                if (keep) {
                    s.t[w] = s.t[i];
                    s.v[w] = value;
                    w++;
                }
            }
            released += s.n - w;
            s.n = w;
            if (op.changesMetricSchema() || b.returnBool()) {
                s.dropName = true;
            }
            if (w > 0) {
                out.add(s);
            }
        }
        ev.ctx.releaseSamples(released);
        return out;
    }
}
