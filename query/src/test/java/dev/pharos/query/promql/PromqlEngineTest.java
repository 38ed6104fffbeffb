package dev.pharos.query.promql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.pharos.query.promql.conformance.InMemoryScriptStorage;
import dev.pharos.query.promql.storage.LabelMatcher;
import dev.pharos.query.promql.storage.Labels;
import dev.pharos.query.promql.storage.SelectHints;
import dev.pharos.query.promql.storage.Series;
import dev.pharos.query.promql.storage.SeriesSource;
import dev.pharos.query.promql.storage.StaleNaN;
import dev.pharos.query.promql.value.MatrixValue;
import dev.pharos.query.promql.value.Sample;
import dev.pharos.query.promql.value.ScalarValue;
import dev.pharos.query.promql.value.SeriesValue;
import dev.pharos.query.promql.value.StringValue;
import dev.pharos.query.promql.value.VectorValue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class PromqlEngineTest {

    private static final long S = 1000;
    private static final long M = 60 * S;

    private final InMemoryScriptStorage storage = new InMemoryScriptStorage();
    private final PromqlEngine engine = new PromqlEngine(storage);

    /** A series with samples every `interval` starting at 0. */
    private void add(Labels labels, long interval, double... values) {
        long[] t = LongStream.range(0, values.length).map(i -> i * interval).toArray();
        storage.load(List.of(new Series(labels, t, values)));
    }

    private List<Sample> vector(String q, long t) {
        return ((VectorValue) engine.instantQuery(q, t).value()).samples();
    }

    private double only(String q, long t) {
        List<Sample> v = vector(q, t);
        assertThat(v).hasSize(1);
        return v.getFirst().value();
    }

    @Test
    void instantSelectorUsesLatestSampleWithinLookback() {
        add(Labels.of("__name__", "up", "job", "a"), M, 1, 2, 3);
        assertThat(only("up", 2 * M + 30 * S)).isEqualTo(3);
        assertThat(only("up", 7 * M - 1)).isEqualTo(3);
        assertThat(vector("up", 7 * M)).as("lookback window is left-open").isEmpty();
        assertThat(vector("up", -1)).isEmpty();
    }

    @Test
    void lookbackDeltaIsConfigurable() {
        add(Labels.of("__name__", "up"), M, 1);
        PromqlEngine shortLookback = new PromqlEngine(storage, EngineOptions.defaults().withLookbackDelta(Duration.ofSeconds(30)));
        assertThat(((VectorValue) shortLookback.instantQuery("up", 29 * S).value()).samples()).hasSize(1);
        assertThat(((VectorValue) shortLookback.instantQuery("up", 30 * S).value()).samples()).isEmpty();
    }

    @Test
    void staleMarkerEndsTheSeries() {
        add(Labels.of("__name__", "up"), M, 1, StaleNaN.VALUE, 3);
        assertThat(only("up", M - 1)).isEqualTo(1);
        assertThat(vector("up", M + 30 * S)).isEmpty();
        assertThat(only("count_over_time(up[5m])", 2 * M)).as("range selections skip staleness markers").isEqualTo(2);
    }

    @Test
    void rangeQueryStepsFromStartAndResultIsSortedByLabels() {
        add(Labels.of("__name__", "m", "k", "b"), M, 0, 1, 2, 3, 4);
        add(Labels.of("__name__", "m", "k", "a"), M, 10, 11, 12, 13, 14);
        MatrixValue m = (MatrixValue) engine.rangeQuery("m * 2", 30 * S, 4 * M, 90 * S).value();
        assertThat(m.series()).extracting(SeriesValue::labels).containsExactly(Labels.of("k", "a"), Labels.of("k", "b"));
        assertThat(m.series().getFirst().timestampsMs()).containsExactly(30 * S, 120 * S, 210 * S);
        assertThat(m.series().getFirst().values()).containsExactly(20, 24, 26);
    }

    @Test
    void rateExtrapolatesToTheRangeBoundaries() {
        add(Labels.of("__name__", "c_total"), 15 * S, LongStream.range(0, 41).mapToDouble(i -> i * 15.0).toArray());
        assertThat(only("rate(c_total[5m])", 10 * M)).isCloseTo(1.0, within(1e-9));
        assertThat(only("increase(c_total[5m])", 10 * M)).isCloseTo(300.0, within(1e-9));
    }

    @Test
    void counterResetsAreAddedBack() {
        add(Labels.of("__name__", "c_total"), M, 0, 10, 20, 5, 15);
        // 15 more than at the start plus the 20 lost at the reset; no extrapolation below zero.
        assertThat(only("increase(c_total[4m1s])", 4 * M)).isCloseTo(35, within(1e-9));
        assertThat(only("resets(c_total[10m])", 4 * M)).isEqualTo(1);
    }

    @Test
    void subqueryStepsAreAlignedToMultiplesOfTheStep() {
        add(Labels.of("__name__", "x"), S, LongStream.range(0, 200).mapToDouble(i -> i).toArray());
        // Inner steps are the multiples of 10s in (70s, 105s]: 80s, 90s, 100s.
        assertThat(only("count_over_time(x[35s:10s])", 105 * S)).isEqualTo(3);
        assertThat(only("sum_over_time(x[35s:10s])", 105 * S)).isEqualTo(80 + 90 + 100);
    }

    @Test
    void atModifierPinsTheEvaluationTime() {
        add(Labels.of("__name__", "x"), M, 0, 1, 2, 3, 4, 5);
        MatrixValue m = (MatrixValue) engine.rangeQuery("x @ 120", 0, 5 * M, M).value();
        assertThat(m.series().getFirst().values()).containsOnly(2);
        MatrixValue start = (MatrixValue) engine.rangeQuery("x @ start() + x @ end()", M, 4 * M, M).value();
        assertThat(start.series().getFirst().values()).containsOnly(5);
        assertThat(only("x offset -2m", M)).isEqualTo(3);
    }

    @Test
    void binaryOperatorsDropTheNameButComparisonsKeepIt() {
        add(Labels.of("__name__", "x", "a", "1"), M, 5);
        assertThat(vector("x + 1", 0).getFirst().labels()).isEqualTo(Labels.of("a", "1"));
        assertThat(vector("x > 1", 0).getFirst().labels()).isEqualTo(Labels.of("__name__", "x", "a", "1"));
        assertThat(vector("x > bool 1", 0).getFirst().labels()).isEqualTo(Labels.of("a", "1"));
        assertThat(vector("last_over_time(x[1m])", 0).getFirst().labels()).isEqualTo(Labels.of("__name__", "x", "a", "1"));
    }

    @Test
    void manyToManyMatchingIsAnError() {
        add(Labels.of("__name__", "a", "x", "1", "job", "j"), M, 1);
        add(Labels.of("__name__", "a", "x", "2", "job", "j"), M, 2);
        add(Labels.of("__name__", "b", "job", "j"), M, 3);
        assertThatThrownBy(() -> engine.instantQuery("b + on(job) a", 0))
                .isInstanceOf(PromqlException.class)
                .hasMessageContaining("found duplicate series for the match group {job=\"j\"} on the right hand-side")
                .extracting(e -> ((PromqlException) e).kind()).isEqualTo(PromqlException.Kind.EXECUTION);
        assertThatThrownBy(() -> engine.instantQuery("a + on(job) b", 0))
                .hasMessage("multiple matches for labels: many-to-one matching must be explicit (group_left/group_right)");
        assertThat(vector("a + on(job) group_left b", 0)).extracting(Sample::value).containsExactlyInAnyOrder(4.0, 5.0);
    }

    @Test
    void topkOrdersByValueAndSortWorks() {
        for (int i = 0; i < 5; i++) {
            add(Labels.of("__name__", "x", "i", String.valueOf(i)), M, i == 2 ? Double.NaN : i);
        }
        assertThat(vector("topk(3, x)", 0)).extracting(Sample::value).containsExactly(4.0, 3.0, 1.0);
        assertThat(vector("bottomk(2, x)", 0)).extracting(Sample::value).containsExactly(0.0, 1.0);
        assertThat(vector("sort_desc(x)", 0)).extracting(s -> s.labels().get("i")).containsExactly("4", "3", "1", "0", "2");
    }

    @Test
    void scalarsStringsAndMatrixResults() {
        assertThat(engine.instantQuery("1 + 2 * 3", 0).value()).isEqualTo(new ScalarValue(0, 7));
        assertThat(engine.instantQuery("\"hi\"", 5).value()).isEqualTo(new StringValue(5, "hi"));
        add(Labels.of("__name__", "x"), 10 * S, 1, 2, 3, 4);
        MatrixValue m = (MatrixValue) engine.instantQuery("x[20s]", 30 * S).value();
        assertThat(m.series().getFirst().timestampsMs()).containsExactly(20 * S, 30 * S);
        MatrixValue scalarRange = (MatrixValue) engine.rangeQuery("time()", 0, 2 * M, M).value();
        assertThat(scalarRange.series().getFirst().values()).containsExactly(0, 60, 120);
    }

    @Test
    void rangeQueriesRejectRangeVectorsAndBadSteps() {
        assertThatThrownBy(() -> engine.rangeQuery("x[5m]", 0, M, S))
                .hasMessage("invalid expression type \"range vector\" for range query, must be Scalar or instant Vector")
                .extracting(e -> ((PromqlException) e).kind()).isEqualTo(PromqlException.Kind.BAD_DATA);
        assertThatThrownBy(() -> engine.rangeQuery("x", 0, M, 0)).isInstanceOf(PromqlException.class);
        assertThatThrownBy(() -> engine.instantQuery("sum(", 0))
                .extracting(e -> ((PromqlException) e).kind()).isEqualTo(PromqlException.Kind.BAD_DATA);
    }

    /** Records calls so tests can see what the engine asked for. */
    private static final class RecordingSource implements SeriesSource {
        final SeriesSource delegate;
        final List<long[]> ranges = new ArrayList<>();
        final List<SelectHints> hints = new ArrayList<>();

        RecordingSource(SeriesSource delegate) {
            this.delegate = delegate;
        }

        @Override
        public List<Series> select(List<LabelMatcher> matchers, long minTimeMs, long maxTimeMs, SelectHints h) {
            ranges.add(new long[] {minTimeMs, maxTimeMs});
            hints.add(h);
            return delegate.select(matchers, minTimeMs, maxTimeMs, h);
        }
    }

    @Test
    void eachSelectionIsReadOnceWithTheWidestRange() {
        add(Labels.of("__name__", "x"), M, 1, 2, 3);
        RecordingSource source = new RecordingSource(storage);
        PromqlEngine e = new PromqlEngine(source);
        e.rangeQuery("rate(x[10m]) + x + x offset 1h", 60 * M, 120 * M, M);
        assertThat(source.ranges).hasSize(1);
        assertThat(source.ranges.getFirst()).containsExactly(60 * M - 60 * M - 5 * M + 1, 120 * M);
        assertThat(source.hints.getFirst().stepMs()).isEqualTo(M);
    }

    @Test
    void hintsDescribeTheEnclosingFunctionAndGrouping() {
        add(Labels.of("__name__", "x"), M, 1);
        RecordingSource source = new RecordingSource(storage);
        new PromqlEngine(source).instantQuery("sum by (job) (rate(x[5m]))", 10 * M);
        SelectHints h = source.hints.getFirst();
        assertThat(h.function()).isEqualTo("rate");
        assertThat(h.rangeMs()).isEqualTo(5 * M);
        assertThat(source.ranges.getFirst()).containsExactly(5 * M + 1, 10 * M);
    }

    @Test
    void tooManySamplesIsReported() {
        add(Labels.of("__name__", "x"), S, LongStream.range(0, 1000).mapToDouble(i -> i).toArray());
        PromqlEngine small = new PromqlEngine(storage, EngineOptions.defaults().withMaxSamples(100));
        assertThatThrownBy(() -> small.instantQuery("sum_over_time(x[10m])", 10 * M))
                .isInstanceOf(PromqlException.class)
                .hasMessage("query processing would load too many samples into memory in query execution")
                .extracting(e -> ((PromqlException) e).kind()).isEqualTo(PromqlException.Kind.TOO_MANY_SAMPLES);
    }

    @Test
    void tooManySeriesIsReported() {
        for (int i = 0; i < 5; i++) {
            add(Labels.of("__name__", "x", "i", String.valueOf(i)), M, 1);
        }
        PromqlEngine small = new PromqlEngine(storage, EngineOptions.defaults().withMaxSeries(3));
        assertThatThrownBy(() -> small.instantQuery("x", 0)).hasMessageContaining("too many series");
    }

    @Test
    void deadlineIsEnforced() {
        add(Labels.of("__name__", "x"), S, LongStream.range(0, 100).mapToDouble(i -> i).toArray());
        PromqlEngine slow = new PromqlEngine(storage, EngineOptions.defaults().withTimeout(Duration.ofNanos(1)));
        assertThatThrownBy(() -> slow.rangeQuery("x", 0, 100 * S, S))
                .isInstanceOf(PromqlException.class)
                .extracting(e -> ((PromqlException) e).kind()).isEqualTo(PromqlException.Kind.TIMEOUT);
    }

    @Test
    void annotationsAreReported() {
        add(Labels.of("__name__", "gauge"), M, 1, 2, 3);
        PromqlResult r = engine.instantQuery("rate(gauge[5m])", 3 * M);
        assertThat(r.infos()).containsExactly(
                "PromQL info: metric might not be a counter, name does not end in _total/_sum/_count/_bucket: \"gauge\" (1:6)");
        assertThat(engine.instantQuery("quantile(2, gauge)", 0).warnings())
                .containsExactly("PromQL warning: quantile value should be between 0 and 1, got 2 (1:10)");
        assertThat(r.stats().samplesLoaded()).isEqualTo(3);
    }

    @Test
    void labelReplaceCanKeepTheMetricNameThatRateWouldDrop() {
        add(Labels.of("__name__", "c_total", "job", "a"), M, 0, 60, 120);
        List<Sample> v = vector("label_replace(rate(c_total[2m]), \"__name__\", \"$1\", \"__name__\", \"(.+)\")", 2 * M);
        assertThat(v.getFirst().labels()).isEqualTo(Labels.of("__name__", "c_total", "job", "a"));
        assertThat(vector("rate(c_total[2m])", 2 * M).getFirst().labels()).isEqualTo(Labels.of("job", "a"));
    }

    @Test
    void histogramQuantileOverClassicBuckets() {
        add(Labels.of("__name__", "h_bucket", "le", "0.1"), M, 10);
        add(Labels.of("__name__", "h_bucket", "le", "1"), M, 20);
        add(Labels.of("__name__", "h_bucket", "le", "+Inf"), M, 20);
        assertThat(only("histogram_quantile(0.75, h_bucket)", 0)).isCloseTo(0.55, within(1e-9));
        assertThat(only("histogram_fraction(0, 0.1, h_bucket)", 0)).isCloseTo(0.5, within(1e-9));
    }
}
