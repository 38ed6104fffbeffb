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
        Pairing p = new Pairing(swapped ? rhs : lhs, swapped ? lhs : rhs, swapped ? rsig : lsig, swapped ? lsig : rsig,
                numSigs, swapped);
        Present pm = new Present(p.many.size());
        Present po = new Present(p.one.size());
        // The fill values are taken as written, even when group_right swaps the sides (as Prometheus does).
        Double fillMissingOne = matching.fillRight();
        Double fillUnmatchedOne = matching.fillLeft();
        for (int step = 0; step < ev.numSteps; step++) {
            long ts = ev.stepTime(step);
            ev.ctx.checkDeadline();
            pm.gather(p.many, ts);
            po.gather(p.one, ts);
            if ((pm.n == 0 && po.n == 0) || ((pm.n == 0 || po.n == 0) && !matching.hasFill())) {
                continue;
            }
            p.startStep(step);
            for (int j = 0; j < po.n; j++) {
                int sig = p.oneSig[po.idx[j]];
                if (p.oneStamp[sig] == step) {
                    throw duplicateOnOneSide(p.one.get(po.idx[j]).labels, p.one.get(po.idx[p.oneAt[sig]]).labels, swapped);
                }
                p.oneStamp[sig] = step;
                p.oneAt[sig] = j;
            }
            for (int k = 0; k < pm.n; k++) {
                int mi = pm.idx[k];
                int sig = p.manySig[mi];
                if (p.oneStamp[sig] == step) {
                    int oj = p.oneAt[sig];
                    p.combine(mi, po.idx[oj], pm.val[k], po.val[oj], sig, ts);
                } else if (fillMissingOne != null) {
                    p.combine(mi, -1, pm.val[k], fillMissingOne, sig, ts);
                }
            }
            if (fillUnmatchedOne != null) {
                for (int j = 0; j < po.n; j++) {
                    int oi = po.idx[j];
                    int sig = p.oneSig[oi];
                    if (p.matchedStamp[sig] != step) {
                        p.combine(-1, oi, fillUnmatchedOne, po.val[j], sig, ts);
                    }
                }
            }
        }
        return p.out.matrix();
    }

    /** Per-operation state of a vector-to-vector arithmetic or comparison. */
    private final class Pairing {
        final Matrix many;
        final Matrix one;
        final int[] manySig;
        final int[] oneSig;
        final boolean swapped;
        final int[] oneAt;
        final int[] oneStamp;
        final int[] matchedStamp;
        // The pair a many-side series was last combined with, and its output: usually the same at every step.
        final int[] cachedOne;
        final EvalSeries[] cachedOutput;
        final Labels[] cachedLabels;
        final Map<Long, Labels> pairLabels = new HashMap<>();
        final Map<Long, EvalSeries> pairOutput = new HashMap<>();
        final Set<Object> matchedThisStep = new HashSet<>();
        final OutputCollector out = new OutputCollector(ev);
        int step;

        Pairing(Matrix many, Matrix one, int[] manySig, int[] oneSig, int numSigs, boolean swapped) {
            this.many = many;
            this.one = one;
            this.manySig = manySig;
            this.oneSig = oneSig;
            this.swapped = swapped;
            this.oneAt = new int[numSigs];
            this.oneStamp = new int[numSigs];
            this.matchedStamp = new int[numSigs];
            this.cachedOne = new int[many.size()];
            this.cachedOutput = new EvalSeries[many.size()];
            this.cachedLabels = new Labels[many.size()];
            Arrays.fill(oneStamp, -1);
            Arrays.fill(matchedStamp, -1);
            Arrays.fill(cachedOne, Integer.MIN_VALUE);
        }

        void startStep(int s) {
            step = s;
            matchedThisStep.clear();
        }

        /** Applies the operator to a many-side and a one-side value; index -1 marks a side filled in. */
        void combine(int mi, int oi, double manyVal, double oneVal, int sig, long ts) {
            double fl = swapped ? oneVal : manyVal;
            double fr = swapped ? manyVal : oneVal;
            double value;
            boolean keep = true;
            if (op.isComparison()) {
                keep = Arithmetic.compare(op, fl, fr);
                value = fl;
            } else {
                value = Arithmetic.apply(op, fl, fr);
            }
            if (expr.returnBool()) {
                value = keep ? 1 : 0;
            }
            Labels metric;
            EvalSeries dst;
            if (mi >= 0 && cachedOne[mi] == oi && ev.numSteps > 1) {
                metric = cachedLabels[mi];
                dst = cachedOutput[mi];
            } else {
                long pair = ((long) mi << 32) | (oi & 0xFFFFFFFFL);
                metric = pairLabels.get(pair);
                if (metric == null) {
                    Labels oneLabels = oi >= 0 ? one.get(oi).labels : signatureLabels(many.get(mi).labels);
                    Labels manyLabels = mi >= 0 ? many.get(mi).labels : signatureLabels(one.get(oi).labels);
                    metric = resultMetric(manyLabels, oneLabels);
                    pairLabels.put(pair, metric);
                }
                dst = ev.numSteps == 1 ? null : pairOutput.get(pair);
                if (dst == null) {
                    boolean dropName = expr.returnBool() || (mi >= 0 && many.get(mi).dropName);
                    dst = out.seriesFor(metric, dropName);
                    pairOutput.put(pair, dst);
                }
                if (mi >= 0) {
                    cachedOne[mi] = oi;
                    cachedLabels[mi] = metric;
                    cachedOutput[mi] = dst;
                }
            }
            if (matching.cardinality() == Cardinality.ONE_TO_ONE) {
                if (matchedStamp[sig] == step) {
                    throw EvalContext.error(
                            "multiple matches for labels: many-to-one matching must be explicit (group_left/group_right)");
                }
            } else if (ev.numSteps == 1) {
                if (!matchedThisStep.add(List.of(sig, metric))) {
                    throw EvalContext.error("multiple matches for labels: grouping labels must ensure unique matches");
                }
            } else {
                // Over several steps equal labels share one output series, so it identifies the result metric.
                if (dst.markStep == step && dst.markTag == sig) {
                    throw EvalContext.error("multiple matches for labels: grouping labels must ensure unique matches");
                }
                dst.markStep = step;
                dst.markTag = sig;
            }
            matchedStamp[sig] = step;
            if (!keep && !expr.returnBool()) {
                return;
            }
            OutputCollector.append(dst, ts, value);
        }
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
