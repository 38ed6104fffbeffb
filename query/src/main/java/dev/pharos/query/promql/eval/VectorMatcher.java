package dev.pharos.query.promql.eval;

import dev.pharos.query.promql.ast.BinaryExpr;
import dev.pharos.query.promql.ast.BinaryOp;
import dev.pharos.query.promql.ast.VectorMatching;
import dev.pharos.query.promql.ast.VectorMatching.Cardinality;
import dev.pharos.query.promql.storage.Labels;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Binary operations between two instant vectors: pairs series by their matching signature (on/ignoring) at every
 * step, with one-to-one, many-to-one (group_left), one-to-many (group_right) and the set operators and/or/unless.
 */
final class VectorMatcher {

    private final Evaluator ev;
    private final BinaryExpr expr;
    private final BinaryOp op;
    private final VectorMatching matching;

    VectorMatcher(Evaluator ev, BinaryExpr expr) {
        this.ev = ev;
        this.expr = expr;
        this.op = expr.op();
        this.matching = expr.matching();
    }

    private Labels signatureLabels(Labels l) {
        if (matching.on()) {
            return l.keep(new HashSet<>(matching.matchingLabels()));
        }
        Labels.Builder b = l.toBuilder().delete(Labels.METRIC_NAME);
        for (String name : matching.matchingLabels()) {
            b.delete(name);
        }
        return b.build();
    }

    /** Signature ordinals shared by both sides, so equal signatures get equal numbers. */
    private int[][] signatures(Matrix lhs, Matrix rhs, int[] count) {
        Map<Labels, Integer> ordinals = new HashMap<>();
        int[][] sigs = new int[2][];
        Matrix[] sides = {lhs, rhs};
        for (int side = 0; side < 2; side++) {
            Matrix m = sides[side];
            sigs[side] = new int[m.size()];
            for (int i = 0; i < m.size(); i++) {
                Labels key = signatureLabels(m.get(i).labels);
                Integer o = ordinals.get(key);
                if (o == null) {
                    o = ordinals.size();
                    ordinals.put(key, o);
                }
                sigs[side][i] = o;
            }
        }
        count[0] = ordinals.size();
        return sigs;
    }

    /** The series present at one step: indexes into the matrix and their values. */
    private static final class Present {
        int[] idx;
        double[] val;
        int n;
        final int[] cursor;

        Present(int size) {
            idx = new int[Math.max(1, size)];
            val = new double[Math.max(1, size)];
            cursor = new int[size];
        }

        void gather(Matrix m, long ts) {
            n = 0;
            for (int i = 0; i < m.size(); i++) {
                EvalSeries s = m.get(i);
                int p = cursor[i];
                if (p < s.n && s.t[p] == ts) {
                    idx[n] = i;
                    val[n] = s.v[p];
                    n++;
                    cursor[i] = p + 1;
                }
            }
        }
    }

    Matrix apply(Matrix lhs, Matrix rhs) {
        int[] count = new int[1];
        int[][] sigs = signatures(lhs, rhs, count);
        int numSigs = count[0];
        if (op.isSetOperator()) {
            return setOperation(lhs, rhs, sigs[0], sigs[1], numSigs);
        }
        return arithmetic(lhs, rhs, sigs[0], sigs[1], numSigs);
    }

    private Matrix setOperation(Matrix lhs, Matrix rhs, int[] lsig, int[] rsig, int numSigs) {
        Present l = new Present(lhs.size());
        Present r = new Present(rhs.size());
        int[] stamp = new int[numSigs];
        Arrays.fill(stamp, -1);
        OutputCollector out = new OutputCollector(ev);
        EvalSeries[] lout = new EvalSeries[lhs.size()];
        EvalSeries[] rout = new EvalSeries[rhs.size()];
        for (int step = 0; step < ev.numSteps; step++) {
            long ts = ev.stepTime(step);
            ev.ctx.checkDeadline();
            l.gather(lhs, ts);
            r.gather(rhs, ts);
            switch (op) {
                case AND -> {
                    if (l.n == 0 || r.n == 0) {
                        continue;
                    }
                    for (int j = 0; j < r.n; j++) {
                        stamp[rsig[r.idx[j]]] = step;
                    }
                    for (int j = 0; j < l.n; j++) {
                        if (stamp[lsig[l.idx[j]]] == step) {
                            emit(out, lhs, lout, l.idx[j], ts, l.val[j]);
                        }
                    }
                }
                case OR -> {
                    for (int j = 0; j < l.n; j++) {
                        stamp[lsig[l.idx[j]]] = step;
                        emit(out, lhs, lout, l.idx[j], ts, l.val[j]);
                    }
                    for (int j = 0; j < r.n; j++) {
                        if (l.n == 0 || stamp[rsig[r.idx[j]]] != step) {
                            emit(out, rhs, rout, r.idx[j], ts, r.val[j]);
                        }
                    }
                }
                case UNLESS -> {
                    if (r.n > 0) {
                        for (int j = 0; j < r.n; j++) {
                            stamp[rsig[r.idx[j]]] = step;
                        }
                    }
                    for (int j = 0; j < l.n; j++) {
                        if (r.n == 0 || stamp[lsig[l.idx[j]]] != step) {
                            emit(out, lhs, lout, l.idx[j], ts, l.val[j]);
                        }
                    }
                }
                default -> throw new IllegalStateException("not a set operator: " + op);
            }
        }
        return out.matrix();
    }

    private void emit(OutputCollector out, Matrix m, EvalSeries[] cache, int i, long ts, double value) {
        EvalSeries dst = cache[i];
        if (dst == null || ev.numSteps == 1) {
            EvalSeries src = m.get(i);
            dst = out.seriesFor(src.labels, src.dropName);
            cache[i] = dst;
        }
        OutputCollector.append(dst, ts, value);
    }

    private Matrix arithmetic(Matrix lhs, Matrix rhs, int[] lsig, int[] rsig, int numSigs) {
        Cardinality card = matching.cardinality();
        boolean swapped = card == Cardinality.ONE_TO_MANY;
        Matrix many = swapped ? rhs : lhs;
        Matrix one = swapped ? lhs : rhs;
        int[] manySig = swapped ? rsig : lsig;
        int[] oneSig = swapped ? lsig : rsig;
        Present pm = new Present(many.size());
        Present po = new Present(one.size());
        int[] oneAt = new int[numSigs];
        int[] oneStamp = new int[numSigs];
        int[] matchedStamp = new int[numSigs];
        Arrays.fill(oneStamp, -1);
        Arrays.fill(matchedStamp, -1);
        Map<Integer, Set<Labels>> matchedMetrics = new HashMap<>();
        Map<Long, EvalSeries> pairOutput = new HashMap<>();
        Map<Long, Labels> pairLabels = new HashMap<>();
        OutputCollector out = new OutputCollector(ev);
        boolean comparison = op.isComparison();
        for (int step = 0; step < ev.numSteps; step++) {
            long ts = ev.stepTime(step);
            ev.ctx.checkDeadline();
            pm.gather(many, ts);
            po.gather(one, ts);
            if (pm.n == 0 || po.n == 0) {
                continue;
            }
            for (int j = 0; j < po.n; j++) {
                int sig = oneSig[po.idx[j]];
                if (oneStamp[sig] == step) {
                    throw duplicateOnOneSide(one.get(po.idx[j]).labels, one.get(po.idx[oneAt[sig]]).labels, swapped);
                }
                oneStamp[sig] = step;
                oneAt[sig] = j;
            }
            if (card != Cardinality.ONE_TO_ONE) {
                matchedMetrics.clear();
            }
            for (int k = 0; k < pm.n; k++) {
                int mi = pm.idx[k];
                int sig = manySig[mi];
                if (oneStamp[sig] != step) {
                    continue;
                }
                int oj = oneAt[sig];
                int oi = po.idx[oj];
                double manyVal = pm.val[k];
                double oneVal = po.val[oj];
                double fl = swapped ? oneVal : manyVal;
                double fr = swapped ? manyVal : oneVal;
                double value;
                boolean keep = true;
                if (comparison) {
                    keep = Arithmetic.compare(op, fl, fr);
                    value = fl;
                } else {
                    value = Arithmetic.apply(op, fl, fr);
                }
                if (expr.returnBool()) {
                    value = keep ? 1 : 0;
                }
                long pair = ((long) mi << 32) | (oi & 0xFFFFFFFFL);
                Labels metric = pairLabels.get(pair);
                if (metric == null) {
                    metric = resultMetric(many.get(mi).labels, one.get(oi).labels);
                    pairLabels.put(pair, metric);
                }
                if (card == Cardinality.ONE_TO_ONE) {
                    if (matchedStamp[sig] == step) {
                        throw EvalContext.error(
                                "multiple matches for labels: many-to-one matching must be explicit (group_left/group_right)");
                    }
                    matchedStamp[sig] = step;
                } else if (!matchedMetrics.computeIfAbsent(sig, x -> new HashSet<>()).add(metric)) {
                    throw EvalContext.error("multiple matches for labels: grouping labels must ensure unique matches");
                }
                if (!keep && !expr.returnBool()) {
                    continue;
                }
                EvalSeries dst = ev.numSteps == 1 ? null : pairOutput.get(pair);
                if (dst == null) {
                    dst = out.seriesFor(metric, expr.returnBool() || many.get(mi).dropName);
                    pairOutput.put(pair, dst);
                }
                OutputCollector.append(dst, ts, value);
            }
        }
        return out.matrix();
    }

    private RuntimeException duplicateOnOneSide(Labels current, Labels previous, boolean swapped) {
        Labels group;
        if (matching.on()) {
            group = current.keep(new HashSet<>(matching.matchingLabels()));
        } else {
            Labels.Builder b = current.toBuilder().delete(Labels.METRIC_NAME);
            for (String n : matching.matchingLabels()) {
                b.delete(n);
            }
            group = b.build();
        }
        List<Labels> pair = new ArrayList<>(List.of(current, previous));
        pair.sort(Labels::compareTo);
        return EvalContext.error("found duplicate series for the match group " + group + " on the "
                + (swapped ? "left" : "right") + " hand-side of the operation: [" + pair.get(0) + ", " + pair.get(1)
                + "];many-to-many matching not allowed: matching labels must be unique on one side");
    }

    private Labels resultMetric(Labels many, Labels one) {
        Labels.Builder b = many.toBuilder();
        if (op.changesMetricSchema()) {
            b.delete(Labels.METRIC_NAME).delete("__type__").delete("__unit__");
        }
        if (matching.cardinality() == Cardinality.ONE_TO_ONE) {
            if (matching.on()) {
                Set<String> keep = new HashSet<>(matching.matchingLabels());
                Labels current = b.build();
                b = Labels.builder();
                for (int i = 0; i < current.size(); i++) {
                    if (keep.contains(current.name(i))) {
                        b.set(current.name(i), current.value(i));
                    }
                }
            } else {
                for (String n : matching.matchingLabels()) {
                    b.delete(n);
                }
            }
        }
        for (String ln : matching.include()) {
            b.set(ln, one.get(ln));
        }
        return b.build();
    }
}
