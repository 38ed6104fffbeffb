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
        String name = call.function().name();
        boolean fraction = name.equals("histogram_fraction");
        boolean multi = name.equals("histogram_quantiles");
        Expr vectorArg = args.get(multi ? 0 : fraction ? 2 : 1);
        List<double[]> qs = new ArrayList<>();
        List<Expr> qArgs = new ArrayList<>();
        double[] lower = null;
        double[] upper = null;
        String quantileLabel = null;
        if (fraction) {
            lower = ev.evalScalar(args.get(0));
            upper = ev.evalScalar(args.get(1));
        } else if (multi) {
            quantileLabel = LabelFunctions.stringArg(args.get(1));
            for (int i = 2; i < args.size(); i++) {
                qs.add(ev.evalScalar(args.get(i)));
                qArgs.add(args.get(i));
            }
        } else {
            qs.add(ev.evalScalar(args.get(0)));
            qArgs.add(args.get(0));
        }
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
        OutputCollector out = new OutputCollector(ev);
        EvalSeries[] outByGroup = new EvalSeries[ng];
        int[] cursor = new int[n];
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
                }
                if (sizes[g] == bounds[g].length) {
                    bounds[g] = java.util.Arrays.copyOf(bounds[g], sizes[g] * 2);
                    counts[g] = java.util.Arrays.copyOf(counts[g], sizes[g] * 2);
                }
                bounds[g][sizes[g]] = bound[i];
                counts[g][sizes[g]] = s.v[p];
                sizes[g]++;
            }
            for (int k = 0; k < qs.size(); k++) {
                double q = qs.get(k)[step];
                if (Double.isNaN(q) || q < 0 || q > 1) {
                    ev.ctx.annotations.warn(RangeFunctions.quantileWarning(q), qArgs.get(k).pos());
                }
            }
            for (int g : order) {
                if (fraction) {
                    double value = BucketMath.fraction(lower[step], upper[step], copy(bounds[g], sizes[g]),
                            copy(counts[g], sizes[g]), sizes[g]);
                    EvalSeries dst = ev.numSteps == 1 ? null : outByGroup[g];
                    if (dst == null) {
                        dst = out.seriesFor(groupLabels.get(g), true);
                        outByGroup[g] = dst;
                    }
                    OutputCollector.append(dst, ts, value);
                    continue;
                }
                for (double[] qValues : qs) {
                    double q = qValues[step];
                    BucketMath.Result r = BucketMath.quantile(q, copy(bounds[g], sizes[g]), copy(counts[g], sizes[g]),
                            sizes[g]);
                    if (r.forcedMonotonic()) {
                        ev.ctx.annotations.info("input to histogram_quantile needed to be fixed for monotonicity (see "
                                + "https://prometheus.io/docs/prometheus/latest/querying/functions/#histogram_quantile) "
                                + "for metric name " + GoStrings.quote(""), vectorArg.pos());
                    }
                    if (multi) {
                        Labels labels = groupLabels.get(g).toBuilder().set(quantileLabel, openMetricsFloat(q)).build();
                        out.add(labels, true, ts, r.value());
                        continue;
                    }
                    EvalSeries dst = ev.numSteps == 1 ? null : outByGroup[g];
                    if (dst == null) {
                        dst = out.seriesFor(groupLabels.get(g), true);
                        outByGroup[g] = dst;
                    }
                    OutputCollector.append(dst, ts, r.value());
                }
            }
        }
        ev.ctx.releaseSamples(in.totalPoints());
        Matrix result = out.matrix();
        ev.ctx.addSamples(result.totalPoints());
        return result;
    }

    private static double[] copy(double[] a, int n) {
        return java.util.Arrays.copyOf(a, Math.max(n, 1));
    }

    /** How OpenMetrics writes a float label value: "0.0", "1.0", "0.25", "+Inf". */
    static String openMetricsFloat(double v) {
        if (v == 0) {
            return "0.0";
        }
        if (v == 1) {
            return "1.0";
        }
        String s = Numbers.formatG(v);
        if (Double.isNaN(v) || Double.isInfinite(v) || s.contains(".") || s.contains("e")) {
            return s;
        }
        return s + ".0";
    }

}
