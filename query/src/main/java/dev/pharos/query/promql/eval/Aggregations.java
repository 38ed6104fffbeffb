package dev.pharos.query.promql.eval;

import dev.pharos.query.promql.ast.AggregateExpr;
import dev.pharos.query.promql.ast.AggregationOp;
import dev.pharos.query.promql.ast.Expr;
import dev.pharos.query.promql.ast.Numbers;
import dev.pharos.query.promql.ast.StringLiteral;
import dev.pharos.query.promql.storage.GoStrings;
import dev.pharos.query.promql.storage.LabelNames;
import dev.pharos.query.promql.storage.Labels;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Aggregation operators (sum, avg, topk, quantile, count_values, ...), computed step by step per group. */
final class Aggregations {

    private final Evaluator ev;

    Aggregations(Evaluator ev) {
        this.ev = ev;
    }

    Matrix eval(AggregateExpr a) {
        List<String> grouping = new ArrayList<>(a.grouping());
        grouping.sort(GoStrings::compare);
        if (a.op() == AggregationOp.COUNT_VALUES) {
            return countValues(a, grouping);
        }
        double[] params = a.param() == null ? null : ev.evalScalar(StepInvariance.unwrapParens(a.param()));
        Matrix input = ev.evalMatrix(StepInvariance.unwrapParens(a.expr()));
        Matrix result = a.op().selectsSeries() ? selectK(a, grouping, input, params) : aggregate(a, grouping, input, params);
        ev.ctx.releaseSamples(input.totalPoints());
        ev.ctx.addSamples(result.totalPoints());
        return result;
    }

    static Labels groupingKey(Labels metric, List<String> grouping, boolean without) {
        if (without) {
            Labels.Builder b = metric.toBuilder();
            for (String g : grouping) {
                b.delete(g);
            }
            return b.delete(Labels.METRIC_NAME).build();
        }
        if (grouping.isEmpty()) {
            return Labels.empty();
        }
        return metric.keep(new HashSet<>(grouping));
    }

    private record Groups(int[] groupOf, List<Labels> labels) {}

    private static Groups group(Matrix input, List<String> grouping, boolean without) {
        int[] groupOf = new int[input.size()];
        Map<Labels, Integer> index = new HashMap<>();
        List<Labels> labels = new ArrayList<>();
        for (int i = 0; i < input.size(); i++) {
            Labels key = groupingKey(input.get(i).labels, grouping, without);
            Integer g = index.get(key);
            if (g == null) {
                g = labels.size();
                index.put(key, g);
                labels.add(key);
            }
            groupOf[i] = g;
        }
        return new Groups(groupOf, labels);
    }

    private void checkQuantileParam(AggregateExpr a, double[] params) {
        boolean nan = false;
        double max = Double.NEGATIVE_INFINITY;
        double min = Double.POSITIVE_INFINITY;
        for (double p : params) {
            if (Double.isNaN(p)) {
                nan = true;
            } else {
                max = Math.max(max, p);
                min = Math.min(min, p);
            }
        }
        if (nan) {
            ev.ctx.annotations.warn("quantile value should be between 0 and 1, got NaN", a.param().pos());
        }
        if (max > 1) {
            ev.ctx.annotations.warn("quantile value should be between 0 and 1, got " + Numbers.formatG(max), a.param().pos());
        }
        if (min < 0) {
            ev.ctx.annotations.warn("quantile value should be between 0 and 1, got " + Numbers.formatG(min), a.param().pos());
        }
    }

    /** sum, avg, count, min, max, group, stddev, stdvar, quantile. */
    private Matrix aggregate(AggregateExpr a, List<String> grouping, Matrix input, double[] params) {
        AggregationOp op = a.op();
        if (op == AggregationOp.QUANTILE) {
            checkQuantileParam(a, params);
        }
        Groups groups = group(input, grouping, a.without());
        int ng = groups.labels.size();
        EvalSeries[] out = new EvalSeries[ng];
        for (int g = 0; g < ng; g++) {
            out[g] = new EvalSeries(groups.labels.get(g), false, Math.min(ev.numSteps, 1024));
        }
        boolean[] seen = new boolean[ng];
        boolean[] dropName = new boolean[ng];
        boolean[] incremental = new boolean[ng];
        double[] value = new double[ng];
        double[] mean = new double[ng];
        double[] comp = new double[ng];
        double[] count = new double[ng];
        List<double[]> quantileValues = op == AggregationOp.QUANTILE ? new ArrayList<>(ng) : null;
        int[] quantileSizes = op == AggregationOp.QUANTILE ? new int[ng] : null;
        if (quantileValues != null) {
            for (int g = 0; g < ng; g++) {
                quantileValues.add(new double[4]);
            }
        }
        int[] cursor = new int[input.size()];
        for (int step = 0; step < ev.numSteps; step++) {
            long ts = ev.stepTime(step);
            java.util.Arrays.fill(seen, false);
            for (int si = 0; si < input.size(); si++) {
                EvalSeries s = input.get(si);
                int p = cursor[si];
                if (p >= s.n || s.t[p] != ts) {
                    continue;
                }
                cursor[si] = p + 1;
                ev.ctx.checkDeadline();
                double f = s.v[p];
                int g = groups.groupOf[si];
                if (!seen[g]) {
                    seen[g] = true;
                    value[g] = f;
                    mean[g] = f;
                    comp[g] = 0;
                    count[g] = 1;
                    incremental[g] = false;
                    dropName[g] = s.dropName;
                    switch (op) {
                        case STDVAR, STDDEV -> value[g] = Double.isNaN(f) || Double.isInfinite(f) ? Double.NaN : 0;
                        case GROUP -> value[g] = 1;
                        case QUANTILE -> {
                            quantileSizes[g] = 0;
                            addQuantileValue(quantileValues, quantileSizes, g, f);
                        }
                        default -> {
                        }
                    }
                    continue;
                }
                if (s.dropName) {
                    dropName[g] = true;
                }
                switch (op) {
                    case SUM -> {
                        comp[g] = KahanSum.compensation(f, value[g], comp[g]);
                        value[g] += f;
                    }
                    case AVG -> {
                        count[g]++;
                        if (!incremental[g]) {
                            double newSum = value[g] + f;
                            if (!Double.isInfinite(newSum)) {
                                comp[g] = KahanSum.compensation(f, value[g], comp[g]);
                                value[g] = newSum;
                                break;
                            }
                            incremental[g] = true;
                            mean[g] = value[g] / (count[g] - 1);
                            comp[g] /= count[g] - 1;
                        }
                        double q = (count[g] - 1) / count[g];
                        double inc = f / count[g];
                        double base = q * mean[g];
                        comp[g] = KahanSum.compensation(inc, base, q * comp[g]);
                        mean[g] = base + inc;
                    }
                    case COUNT -> count[g]++;
                    case MIN -> {
                        if (value[g] > f || Double.isNaN(value[g])) {
                            value[g] = f;
                        }
                    }
                    case MAX -> {
                        if (value[g] < f || Double.isNaN(value[g])) {
                            value[g] = f;
                        }
                    }
                    case STDVAR, STDDEV -> {
                        count[g]++;
                        double delta = f - mean[g];
                        mean[g] += delta / count[g];
                        value[g] += delta * (f - mean[g]);
                    }
                    case QUANTILE -> addQuantileValue(quantileValues, quantileSizes, g, f);
                    case GROUP -> {
                    }
                    default -> throw new IllegalStateException("unexpected aggregation " + op);
                }
            }
            for (int g = 0; g < ng; g++) {
                if (!seen[g]) {
                    continue;
                }
                double r = switch (op) {
                    case AVG -> incremental[g] ? mean[g] + comp[g] : value[g] / count[g] + comp[g] / count[g];
                    case COUNT -> count[g];
                    case STDVAR -> value[g] / count[g];
                    case STDDEV -> Math.sqrt(value[g] / count[g]);
                    case QUANTILE -> Quantiles.quantile(params[step], quantileValues.get(g), quantileSizes[g]);
                    case SUM -> value[g] + comp[g];
                    default -> value[g];
                };
                out[g].add(ts, r);
                if (dropName[g]) {
                    out[g].dropName = true;
                }
            }
        }
        Matrix m = new Matrix();
        for (EvalSeries s : out) {
            if (s.n > 0) {
                m.add(s);
            }
        }
        return m;
    }

    private static void addQuantileValue(List<double[]> values, int[] sizes, int g, double f) {
        double[] arr = values.get(g);
        if (sizes[g] == arr.length) {
            arr = java.util.Arrays.copyOf(arr, arr.length * 2);
            values.set(g, arr);
        }
        arr[sizes[g]++] = f;
    }

    /** topk, bottomk, limitk, limit_ratio: output keeps the selected input series. */
    private Matrix selectK(AggregateExpr a, List<String> grouping, Matrix input, double[] params) {
        AggregationOp op = a.op();
        double max = Double.NEGATIVE_INFINITY;
        double min = Double.POSITIVE_INFINITY;
        boolean anyNaN = false;
        for (double p : params) {
            if (Double.isNaN(p)) {
                anyNaN = true;
            } else {
                max = Math.max(max, p);
                min = Math.min(min, p);
            }
        }
        if (op == AggregationOp.LIMIT_RATIO) {
            if (!anyNaN && max == 0 && min == 0) {
                return new Matrix();
            }
            if (anyNaN) {
                throw EvalContext.error("Ratio value is NaN");
            }
            if (max > 1.0) {
                ev.ctx.annotations.warn("ratio value should be between -1 and 1, got " + Numbers.formatG(max)
                        + ", capping to 1", a.param().pos());
            }
            if (min < -1.0) {
                ev.ctx.annotations.warn("ratio value should be between -1 and 1, got " + Numbers.formatG(min)
                        + ", capping to -1", a.param().pos());
            }
        } else {
            if (!anyNaN && max < 1) {
                return new Matrix();
            }
            if (anyNaN) {
                throw EvalContext.error("Parameter value is NaN");
            }
            if (min <= -9.223372036854775808E18) {
                throw EvalContext.error("Scalar value " + Numbers.formatG(min) + " underflows int64");
            }
            if (max >= 9223372036854774784.0) {
                throw EvalContext.error("Scalar value " + Numbers.formatG(max) + " overflows int64");
            }
        }
        Groups groups = group(input, grouping, a.without());
        int ng = groups.labels.size();
        SampleHeap[] heaps = new SampleHeap[ng];
        boolean[] seen = new boolean[ng];
        boolean[] complete = new boolean[ng];
        for (int g = 0; g < ng; g++) {
            heaps[g] = new SampleHeap(op == AggregationOp.BOTTOMK, 4);
        }
        OutputCollector collector = new OutputCollector(ev);
        EvalSeries[] outBySeries = new EvalSeries[input.size()];
        int[] cursor = new int[input.size()];
        for (int step = 0; step < ev.numSteps; step++) {
            long ts = ev.stepTime(step);
            double param = params[step];
            long k = 0;
            double ratio = 0;
            boolean skipStep = false;
            if (op == AggregationOp.LIMIT_RATIO) {
                if (param == 0) {
                    skipStep = true;
                }
                ratio = Math.max(-1.0, Math.min(1.0, param));
            } else {
                k = Math.min((long) param, input.size());
                if (k < 1) {
                    skipStep = true;
                }
            }
            java.util.Arrays.fill(seen, false);
            java.util.Arrays.fill(complete, false);
            int remaining = ng;
            for (int si = 0; si < input.size(); si++) {
                EvalSeries s = input.get(si);
                int p = cursor[si];
                if (p >= s.n || s.t[p] != ts) {
                    continue;
                }
                cursor[si] = p + 1;
                if (skipStep || remaining == 0) {
                    continue;
                }
                double f = s.v[p];
                int g = groups.groupOf[si];
                SampleHeap h = heaps[g];
                if (!seen[g]) {
                    seen[g] = true;
                    h.clear();
                    switch (op) {
                        case LIMIT_RATIO -> {
                            if (RatioSampler.accepts(ratio, s.labels)) {
                                h.push(si, f);
                            }
                        }
                        case LIMITK -> {
                            h.append(si, f);
                            if (k == 1) {
                                complete[g] = true;
                                remaining--;
                            }
                        }
                        default -> h.push(si, f);
                    }
                    continue;
                }
                switch (op) {
                    case TOPK -> {
                        if (h.size < k) {
                            h.push(si, f);
                        } else if (h.val[0] < f || (Double.isNaN(h.val[0]) && !Double.isNaN(f))) {
                            h.replaceTop(si, f);
                            if (k > 1) {
                                h.fix(0);
                            }
                        }
                    }
                    case BOTTOMK -> {
                        if (h.size < k) {
                            h.push(si, f);
                        } else if (h.val[0] > f || (Double.isNaN(h.val[0]) && !Double.isNaN(f))) {
                            h.replaceTop(si, f);
                            if (k > 1) {
                                h.fix(0);
                            }
                        }
                    }
                    case LIMITK -> {
                        if (h.size < k) {
                            h.push(si, f);
                        }
                        if (!complete[g] && h.size == k) {
                            complete[g] = true;
                            remaining--;
                        }
                    }
                    case LIMIT_RATIO -> {
                        if (RatioSampler.accepts(ratio, s.labels)) {
                            h.push(si, f);
                        }
                    }
                    default -> throw new IllegalStateException("unexpected aggregation " + op);
                }
            }
            if (skipStep) {
                continue;
            }
            for (int g = 0; g < ng; g++) {
                if (!seen[g]) {
                    continue;
                }
                SampleHeap h = heaps[g];
                if ((op == AggregationOp.TOPK || op == AggregationOp.BOTTOMK) && h.size > 1) {
                    h.sortReversed();
                }
                for (int i = 0; i < h.size; i++) {
                    int si = h.idx[i];
                    EvalSeries src = input.get(si);
                    EvalSeries dst;
                    if (ev.numSteps == 1) {
                        dst = collector.seriesFor(src.labels, src.dropName);
                    } else {
                        dst = outBySeries[si];
                        if (dst == null) {
                            dst = collector.seriesFor(src.labels, src.dropName);
                            outBySeries[si] = dst;
                        }
                    }
                    OutputCollector.append(dst, ts, h.val[i]);
                }
            }
        }
        return collector.matrix();
    }

    /** count_values: one output series per distinct value (per group), counting the samples with it. */
    private Matrix countValues(AggregateExpr a, List<String> grouping) {
        String valueLabel = ((StringLiteral) StepInvariance.unwrapParens(a.param())).value();
        if (!LabelNames.isValid(valueLabel)) {
            throw EvalContext.error("invalid label name " + GoStrings.quote(valueLabel));
        }
        List<String> keyLabels = new ArrayList<>(grouping);
        if (!a.without()) {
            keyLabels.add(valueLabel);
        }
        Set<String> keySet = new HashSet<>(keyLabels);
        Matrix input = ev.evalMatrix(StepInvariance.unwrapParens(a.expr()));
        OutputCollector collector = new OutputCollector(ev);
        int[] cursor = new int[input.size()];
        for (int step = 0; step < ev.numSteps; step++) {
            long ts = ev.stepTime(step);
            Map<Labels, int[]> counts = new LinkedHashMap<>();
            for (int si = 0; si < input.size(); si++) {
                EvalSeries s = input.get(si);
                int p = cursor[si];
                if (p >= s.n || s.t[p] != ts) {
                    continue;
                }
                cursor[si] = p + 1;
                Labels metric = s.labels.toBuilder().set(valueLabel, Numbers.format(s.v[p])).build();
                Labels key;
                if (a.without()) {
                    Labels.Builder b = metric.toBuilder();
                    for (String g : keyLabels) {
                        b.delete(g);
                    }
                    key = b.delete(Labels.METRIC_NAME).build();
                } else {
                    key = metric.keep(keySet);
                }
                counts.computeIfAbsent(key, x -> new int[1])[0]++;
            }
            for (Map.Entry<Labels, int[]> e : counts.entrySet()) {
                collector.add(e.getKey(), false, ts, e.getValue()[0]);
            }
        }
        ev.ctx.releaseSamples(input.totalPoints());
        Matrix result = collector.matrix();
        ev.ctx.addSamples(result.totalPoints());
        return result;
    }

}
