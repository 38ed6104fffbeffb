package dev.pharos.query.promql.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pharos.query.EngineFixture;
import dev.pharos.query.QueryOptions;
import dev.pharos.query.promql.PromqlException;
import dev.pharos.query.promql.storage.LabelMatcher;
import dev.pharos.query.promql.storage.Labels;
import dev.pharos.query.promql.storage.SelectHints;
import dev.pharos.query.promql.storage.Series;
import dev.pharos.query.promql.storage.StaleNaN;
import dev.pharos.store.TableVersions;
import dev.pharos.store.VersionedClickHouse;
import dev.pharos.store.embedded.EmbeddedClickHouse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sample read narrows to the series the lookup found, whichever way it names them, and keeps tenants apart. */
class ClickHouseSeriesSourceTest {

    @TempDir
    static Path dir;

    static EmbeddedClickHouse engine;
    static ClickHouseSeriesSource source;

    private static final long T0 = 1_795_000_000_000L;

    @BeforeAll
    static void load() {
        engine = EngineFixture.open(dir.resolve("data"));
        QueryOptions options = QueryOptions.defaults(EngineFixture.DB);
        PromWriter writer = new PromWriter(engine, options);
        List<Series> many = new ArrayList<>();
        // More series of one selector than the sample query lists by fingerprint.
        for (int i = 0; i <= ClickHouseSeriesSource.LISTED_SERIES; i++) {
            many.add(new Series(labels("requests_total", "code", i % 2 == 0 ? "500" : "200", "instance", "i" + i),
                    new long[] {T0, T0 + 15_000}, new double[] {i, i + 0.5}));
        }
        many.add(new Series(labels("other_total", "code", "500", "instance", "i1"), new long[] {T0}, new double[] {-1}));
        writer.write(many, "acme");
        // The same label set (so the same fingerprint) in a second tenant, with other values.
        writer.write(List.of(new Series(labels("requests_total", "code", "500", "instance", "i0"), new long[] {T0}, new double[] {42})), "globex");
        source = new ClickHouseSeriesSource(engine, options, 1_000_000, 50_000_000L, null);
    }

    @AfterAll
    static void close() {
        engine.close();
    }

    private static Labels labels(String name, String... pairs) {
        Labels.Builder b = Labels.builder().set(Labels.METRIC_NAME, name);
        for (int i = 0; i < pairs.length; i += 2) {
            b.set(pairs[i], pairs[i + 1]);
        }
        return b.build();
    }

    private static List<Series> select(LabelMatcher... matchers) {
        List<Series> out = new ArrayList<>(source.select(List.of(matchers), T0, T0 + 60_000,
                new SelectHints(T0, T0 + 60_000, 0, 0, "", false, List.of())));
        out.sort(Comparator.comparing((Series s) -> s.labels()).thenComparing(s -> s.values()[0]));
        return out;
    }

    @Test
    void aFewSeriesAreReadByTheirFingerprintsAndTenantsStayApart() {
        List<Series> found = select(LabelMatcher.equal("instance", "i0"));
        assertThat(found).hasSize(2);
        assertThat(found).allSatisfy(s -> assertThat(s.labels()).isEqualTo(labels("requests_total", "code", "500", "instance", "i0")));
        assertThat(found.get(0).values()).containsExactly(0, 0.5);
        assertThat(found.get(0).timestampsMs()).containsExactly(T0, T0 + 15_000);
        assertThat(found.get(1).values()).containsExactly(42);

        List<Series> other = select(LabelMatcher.equal(Labels.METRIC_NAME, "other_total"), LabelMatcher.equal("code", "500"));
        assertThat(other).extracting(s -> s.values()[0]).containsExactly(-1.0);

        // Named metric and a label: the read names the series by a subquery, both tenants' series come back apart.
        List<Series> named = select(LabelMatcher.equal(Labels.METRIC_NAME, "requests_total"), LabelMatcher.equal("instance", "i0"));
        assertThat(named).extracting(s -> s.values()[0]).containsExactly(0.0, 42.0);
        assertThat(named.get(0).timestampsMs()).containsExactly(T0, T0 + 15_000);
    }

    @Test
    void manySeriesAreReadThroughTheSeriesLookupAsASubquery() {
        List<Series> found = select(LabelMatcher.equal(Labels.METRIC_NAME, "requests_total"), LabelMatcher.of(LabelMatcher.Type.REGEX, "instance", "i.*"));
        assertThat(found).hasSize(ClickHouseSeriesSource.LISTED_SERIES + 2);
        assertThat(found).filteredOn(s -> s.labels().get("instance").equals("i7")).singleElement()
                .satisfies(s -> assertThat(s.values()).containsExactly(7, 7.5));

        List<Series> errors = select(LabelMatcher.equal(Labels.METRIC_NAME, "requests_total"), LabelMatcher.equal("code", "500"));
        assertThat(errors).hasSize(ClickHouseSeriesSource.LISTED_SERIES / 2 + 2);

        // Without the metric's name: too many series to list, so the lookup runs again inside the read.
        List<Series> unnamed = select(LabelMatcher.of(LabelMatcher.Type.REGEX, "instance", "i.*"));
        assertThat(unnamed).hasSize(ClickHouseSeriesSource.LISTED_SERIES + 3);
        assertThat(unnamed).filteredOn(s -> s.labels().metricName().equals("other_total")).singleElement()
                .satisfies(s -> assertThat(s.values()).containsExactly(-1));
    }

    @Test
    void aSelectorNamingOnlyItsMetricReadsEveryTenantItSeesAndKeepsThemApart() {
        // The lookup and the read run at once here; the read carries each row's tenant.
        List<Series> found = select(LabelMatcher.equal(Labels.METRIC_NAME, "requests_total"));
        assertThat(found).hasSize(ClickHouseSeriesSource.LISTED_SERIES + 2);
        assertThat(found).filteredOn(s -> s.labels().get("instance").equals("i0")).extracting(s -> s.values()[0])
                .containsExactlyInAnyOrder(0.0, 42.0);
        assertThat(found).filteredOn(s -> s.labels().get("instance").equals("i7")).singleElement()
                .satisfies(s -> assertThat(s.timestampsMs()).containsExactly(T0, T0 + 15_000));

        assertThat(select(LabelMatcher.equal(Labels.METRIC_NAME, "no_such_metric"))).isEmpty();
    }

    @Test
    void aSelectorNamingOnlyItsMetricFailsOnTooManySeriesBeforeReadingThem() {
        ClickHouseSeriesSource small = new ClickHouseSeriesSource(engine, QueryOptions.defaults(EngineFixture.DB), 100, 50_000_000L, null);
        assertThatThrownBy(() -> small.select(List.of(LabelMatcher.equal(Labels.METRIC_NAME, "requests_total")), T0, T0 + 60_000,
                new SelectHints(T0, T0 + 60_000, 0, 0, "", false, List.of())))
                .isInstanceOf(PromqlException.class).hasMessageContaining("more than 100 series");
    }

    @Test
    void samplesComeBackBitForBitAcrossResultBlocksWithTheirTenants() {
        // More rows than one block of the engine's Native result (65,409): the read walks several blocks.
        int n = 150_000;
        long[] t = new long[n];
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            t[i] = T0 + i * 1_000L;
            v[i] = switch (i % 6) {
                case 0 -> i;
                case 1 -> i / 3.0;
                case 2 -> i * 0.001;
                case 3 -> StaleNaN.VALUE;
                case 4 -> -0.0;
                default -> -1e300 * i;
            };
        }
        PromWriter writer = new PromWriter(engine, QueryOptions.defaults(EngineFixture.DB));
        writer.write(List.of(new Series(labels("long_gauge", "instance", "x"), t, v)), "initech");
        // The same series in a tenant sorting after it, so the tenant changes inside a block.
        writer.write(List.of(new Series(labels("long_gauge", "instance", "x"), new long[] {T0, T0 + 1_000}, new double[] {7, 8})), "vandelay");

        List<Series> found = new ArrayList<>(source.select(List.of(LabelMatcher.equal(Labels.METRIC_NAME, "long_gauge")), T0, T0 + n * 1_000L,
                new SelectHints(T0, T0 + n * 1_000L, 0, 0, "", false, List.of())));
        found.sort(Comparator.comparingInt(Series::size));
        assertThat(found).hasSize(2);
        assertThat(found.getFirst().values()).containsExactly(7, 8);
        assertThat(found.getLast()).satisfies(s -> {
            assertThat(s.labels()).isEqualTo(labels("long_gauge", "instance", "x"));
            assertThat(s.timestampsMs()).containsExactly(t);
            long[] bits = new long[n];
            long[] expected = new long[n];
            for (int i = 0; i < n; i++) {
                bits[i] = Double.doubleToRawLongBits(s.values()[i]);
                expected[i] = Double.doubleToRawLongBits(v[i]);
            }
            assertThat(bits).containsExactly(expected);
        });
    }

    @Test
    void samplesResentByARetryingSenderComeBackOnceBeforeTheTableMerges() {
        // No background merge may keep one copy before the read: the duplicates must reach the decoder.
        engine.execute("SYSTEM STOP MERGES " + EngineFixture.DB + ".prom_samples");
        PromWriter writer = new PromWriter(engine, QueryOptions.defaults(EngineFixture.DB));
        Series first = new Series(labels("resent_total", "instance", "a"), new long[] {T0, T0 + 15_000, T0 + 30_000}, new double[] {1, 2, 3});
        Series other = new Series(labels("resent_total", "instance", "b"), new long[] {T0 + 15_000}, new double[] {9});
        writer.write(List.of(first, other), "acme");
        // The retry: a second insert, a second part, the same rows until a merge keeps one copy.
        writer.write(List.of(first), "acme");

        List<Series> found;
        try {
            assertThat(engine.query("SELECT count() FROM " + EngineFixture.DB + ".prom_samples WHERE MetricName = 'resent_total'", "TSV")
                    .text()).as("both copies stored").isEqualTo("7\n");
            found = select(LabelMatcher.equal(Labels.METRIC_NAME, "resent_total"));
        } finally {
            engine.execute("SYSTEM START MERGES " + EngineFixture.DB + ".prom_samples");
        }
        assertThat(found).extracting(s -> s.labels().get("instance")).containsExactly("a", "b");
        assertThat(found.getFirst().timestampsMs()).containsExactly(T0, T0 + 15_000, T0 + 30_000);
        assertThat(found.getFirst().values()).containsExactly(1, 2, 3);
        assertThat(found.getLast().values()).containsExactly(9);
    }

    @Test
    void aCachedLookupAnswersUntilTheSeriesTableIsWrittenThroughTheVersionedEngine() {
        TableVersions versions = new TableVersions();
        // Not closed here: it would close the shared engine.
        VersionedClickHouse versioned = new VersionedClickHouse(engine, versions);
        QueryOptions options = QueryOptions.defaults(EngineFixture.DB);
        ClickHouseSeriesSource cached = new ClickHouseSeriesSource(versioned, options, 1_000_000, 50_000_000L,
                new SeriesLookupCache(versions, options.table("prom_series")));
        List<LabelMatcher> selector = List.of(LabelMatcher.equal(Labels.METRIC_NAME, "cached_total"), LabelMatcher.equal("job", "api"));
        PromWriter direct = new PromWriter(engine, options);
        direct.write(List.of(new Series(labels("cached_total", "job", "api", "instance", "a"), new long[] {T0}, new double[] {1})), "acme");
        assertThat(cached.select(selector, T0, T0 + 60_000, new SelectHints(T0, T0 + 60_000, 0, 0, "", false, List.of()))).hasSize(1);

        // Written behind the versioned engine's back: the cached lookup still answers, so the new series is not read.
        direct.write(List.of(new Series(labels("cached_total", "job", "api", "instance", "b"), new long[] {T0}, new double[] {2})), "acme");
        assertThat(cached.select(selector, T0, T0 + 60_000, new SelectHints(T0, T0 + 60_000, 0, 0, "", false, List.of()))).hasSize(1);

        // Written through it: the next lookup goes to the engine and finds all three.
        new PromWriter(versioned, options).write(
                List.of(new Series(labels("cached_total", "job", "api", "instance", "c"), new long[] {T0}, new double[] {3})), "acme");
        assertThat(cached.select(selector, T0, T0 + 60_000, new SelectHints(T0, T0 + 60_000, 0, 0, "", false, List.of())))
                .extracting(s -> s.values()[0]).containsExactlyInAnyOrder(1.0, 2.0, 3.0);
    }
}
