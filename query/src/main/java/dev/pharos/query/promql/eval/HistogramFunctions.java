package dev.pharos.query.promql.eval;

import dev.pharos.query.promql.ast.Call;
import dev.pharos.query.promql.ast.Expr;
import dev.pharos.query.promql.ast.Numbers;
import dev.pharos.query.promql.storage.GoStrings;
import dev.pharos.query.promql.storage.Labels;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * histogram_quantile and histogram_fraction over classic histograms: series that differ only by their "le" label
 * are the buckets of one histogram.
 */
final class HistogramFunctions {

    private final Evaluator ev;

    HistogramFunctions(Evaluator ev) {
        this.ev = ev;
    }

    Matrix eval(Call call, List<Expr> args) {
        boolean quantile = call.function().name().equals("histogram_quantile");
        double[] q = quantile ? ev.evalScalar(args.get(0)) : null;
        double[] lower = quantile ? null : ev.evalScalar(args.get(0));
        double[] upper = quantile ? null : ev.evalScalar(args.get(1));
        Expr vectorArg = args.get(quantile ? 1 : 2);
        Matrix in = ev.evalMatrix(vectorArg);

        int n = in.size();
        double[] bound = new double[n];
        int[] group = new int[n];
        Map<Labels, Integer> groupIndex = new HashMap<>();
        List<Labels> groupLabels = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            EvalSeries s = in.get(i);
            String le = s.labels.get(Labels.BUCKET_LABEL);
            Double b = GoFloat.parse(le);
            if (b == null) {
                ev.ctx.annotations.warn("bucket label " + GoStrings.quote(Labels.BUCKET_LABEL)
                        + " is missing or has a malformed value of " + GoStrings.quote(le) + " for metric name "
                        + GoStrings.quote(s.labels.metricName()), vectorArg.pos());
                group[i] = -1;
                continue;
            }
            bound[i] = b;
            Labels signature = s.labels.toBuilder().delete(Labels.BUCKET_LABEL).build();
            Integer g = groupIndex.get(signature);
            if (g == null) {
                g = groupLabels.size();
                groupIndex.put(signature, g);
                groupLabels.add(signature.toBuilder().delete(Labels.METRIC_NAME).build());
            }
            group[i] = g;
        }
        int ng = groupLabels.size();
        double[][] bounds = new double[ng][];
        double[][] counts = new double[ng][];
        int[] sizes = new int[ng];
        for (int g = 0; g < ng; g++) {
            bounds[g] = new double[4];
            counts[g] = new double[4];
        }
        int[] firstSeen = new int[ng];
        OutputCollector out = new OutputCollector(ev);
        EvalSeries[] outByGroup = new EvalSeries[ng];
        int[] cursor = new int[n];
        boolean warnedQuantile = false;
        for (int step = 0; step < ev.numSteps; step++) {
            long ts = ev.stepTime(step);
            java.util.Arrays.fill(sizes, 0);
            List<Integer> order = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                EvalSeries s = in.get(i);
                int p = cursor[i];
                if (p >= s.n || s.t[p] != ts) {
                    continue;
                }
                cursor[i] = p + 1;
                int g = group[i];
                if (g < 0) {
                    continue;
                }
                if (sizes[g] == 0) {
                    order.add(g);
                    firstSeen[g] = step;
                }
                if (sizes[g] == bounds[g].length) {
                    bounds[g] = java.util.Arrays.copyOf(bounds[g], sizes[g] * 2);
                    counts[g] = java.util.Arrays.copyOf(counts[g], sizes[g] * 2);
                }
                bounds[g][sizes[g]] = bound[i];
                counts[g][sizes[g]] = s.v[p];
                sizes[g]++;
            }
            if (quantile && !warnedQuantile && !order.isEmpty()) {
                double qs = q[step];
                if (Double.isNaN(qs) || qs < 0 || qs > 1) {
                    ev.ctx.annotations.warn(RangeFunctions.quantileWarning(qs), args.get(0).pos());
                    warnedQuantile = true;
                }
            }
            for (int g : order) {
                double value;
                if (quantile) {
                    BucketMath.Result r = BucketMath.quantile(q[step], bounds[g], counts[g], sizes[g]);
                    value = r.value();
                    if (r.forcedMonotonic()) {
                        ev.ctx.annotations.info("input to histogram_quantile needed to be fixed for monotonicity (see "
                                + "https://prometheus.io/docs/prometheus/latest/querying/functions/#histogram_quantile) "
                                + "for metric name " + GoStrings.quote(""), vectorArg.pos());
                    }
                } else {
                    value = BucketMath.fraction(lower[step], upper[step], bounds[g], counts[g], sizes[g]);
                }
                EvalSeries dst = ev.numSteps == 1 ? null : outByGroup[g];
                if (dst == null) {
                    dst = out.seriesFor(groupLabels.get(g), true);
                    outByGroup[g] = dst;
                }
                OutputCollector.append(dst, ts, value);
            }
        }
        ev.ctx.releaseSamples(in.totalPoints());
        Matrix result = out.matrix();
        ev.ctx.addSamples(result.totalPoints());
        return result;
    }

    static String format(double v) {
        return Numbers.formatG(v);
    }
}
