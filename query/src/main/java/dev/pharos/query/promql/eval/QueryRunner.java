package dev.pharos.query.promql.eval;

import dev.pharos.query.promql.EngineOptions;
import dev.pharos.query.promql.PromqlResult;
import dev.pharos.query.promql.PromqlStats;
import dev.pharos.query.promql.ast.Expr;
import dev.pharos.query.promql.ast.ValueType;
import dev.pharos.query.promql.storage.Labels;
import dev.pharos.query.promql.storage.SeriesSource;
import dev.pharos.query.promql.value.MatrixValue;
import dev.pharos.query.promql.value.Sample;
import dev.pharos.query.promql.value.ScalarValue;
import dev.pharos.query.promql.value.SeriesValue;
import dev.pharos.query.promql.value.StringValue;
import dev.pharos.query.promql.value.Value;
import dev.pharos.query.promql.value.VectorValue;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Runs one parsed query: reads the data it needs, evaluates it and shapes the result. */
public final class QueryRunner {

    private QueryRunner() {}

    /**
     * @param stepMs 0 for an instant query at startMs (== endMs)
     */
    public static PromqlResult run(String query, Expr expr, SeriesSource source, long startMs, long endMs, long stepMs,
            EngineOptions options, long startedNanos) {
        long deadline = startedNanos + options.timeout().toNanos();
        long lookback = options.lookbackDelta().toMillis();
        long subqueryStep = options.defaultSubqueryStep().toMillis();
        SelectionPlanner planner = new SelectionPlanner(startMs, endMs, stepMs, lookback, subqueryStep);
        SelectionPlanner.Fetched fetched = planner.fetch(expr, source, options.maxSeries());
        EvalContext ctx = new EvalContext(query, startMs, endMs, stepMs, lookback, subqueryStep, options.maxSamples(),
                deadline, fetched.series(), source);
        ctx.checkDeadlineNow();
        ctx.addSamples(fetched.samples());
        boolean instant = stepMs == 0;
        Evaluator ev = new Evaluator(ctx, startMs, endMs, instant ? 1 : stepMs, StepInvariance.of(expr));
        EvalValue result = ev.eval(expr);
        Value value = shape(result, expr.type(), instant, startMs);
        PromqlStats stats = new PromqlStats(fetched.seriesCount(), fetched.samples(), ctx.peakSamples(),
                System.nanoTime() - startedNanos);
        return new PromqlResult(value, ctx.annotations.warnings(), ctx.annotations.infos(), stats);
    }

    private static Value shape(EvalValue result, ValueType type, boolean instant, long startMs) {
        if (result instanceof StringResult s) {
            return new StringValue(startMs, s.value());
        }
        Matrix m = (Matrix) result;
        for (EvalSeries s : m.series) {
            if (s.dropName) {
                s.labels = s.labels.withoutMetadata();
                s.dropName = false;
            }
        }
        m = LabelFunctions.mergeSameLabels(m);
        if (instant && type == ValueType.SCALAR) {
            double v = m.size() > 0 && m.get(0).n > 0 ? m.get(0).v[0] : Double.NaN;
            return new ScalarValue(startMs, v);
        }
        if (instant && type == ValueType.VECTOR) {
            List<Sample> samples = new ArrayList<>(m.size());
            Set<Labels> seen = new HashSet<>();
            for (EvalSeries s : m.series) {
                if (s.n == 0) {
                    continue;
                }
                if (!seen.add(s.labels)) {
                    throw EvalContext.error("vector cannot contain metrics with the same labelset");
                }
                samples.add(new Sample(s.labels, startMs, s.v[0]));
            }
            return new VectorValue(samples);
        }
        List<SeriesValue> series = new ArrayList<>(m.size());
        for (EvalSeries s : m.series) {
            if (s.n > 0) {
                series.add(new SeriesValue(s.labels, Arrays.copyOf(s.t, s.n), Arrays.copyOf(s.v, s.n)));
            }
        }
        series.sort((a, b) -> a.labels().compareTo(b.labels()));
        return new MatrixValue(series);
    }
}
