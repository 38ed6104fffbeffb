package dev.pharos.query.promql.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pharos.query.promql.storage.Labels;
import dev.pharos.store.TableVersions;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** What the lookup cache keeps and for how long; invalidation by writes is tested through the engine in ClickHouseSeriesSourceTest. */
class SeriesLookupCacheTest {

    private final AtomicLong now = new AtomicLong();
    private final TableVersions versions = new TableVersions();
    private final SeriesLookupCache cache = new SeriesLookupCache(versions, "otel.prom_series", now::get);

    private static Map<ClickHouseSeriesSource.Key, Labels> series(int n) {
        Map<ClickHouseSeriesSource.Key, Labels> out = new HashMap<>();
        for (int i = 0; i < n; i++) {
            out.put(new ClickHouseSeriesSource.Key("default", i), Labels.of("__name__", "m", "i", Integer.toString(i)));
        }
        return out;
    }

    @Test
    void anAnswerIsKeptForItsOwnLookupUntilItIsTooOld() {
        cache.put("q1", cache.version(), series(3));
        assertThat(cache.get("q1")).hasSize(3);
        assertThat(cache.get("q2")).isNull();
        now.addAndGet(SeriesLookupCache.MAX_AGE_NANOS + 1);
        assertThat(cache.get("q1")).isNull();
    }

    @Test
    void largeAnswersAreNotKeptAndTheLeastRecentlyUsedGoesFirst() {
        cache.put("big", cache.version(), series(SeriesLookupCache.MAX_SERIES_PER_ENTRY + 1));
        assertThat(cache.get("big")).isNull();
        cache.put("first", cache.version(), series(1));
        for (int i = 0; i < SeriesLookupCache.MAX_ENTRIES - 1; i++) {
            cache.put("q" + i, cache.version(), series(1));
        }
        assertThat(cache.get("first")).as("used last, so kept").isNotNull();
        cache.put("one more", cache.version(), series(1));
        assertThat(cache.get("q0")).as("the least recently used, dropped").isNull();
        assertThat(cache.get("first")).isNotNull();
    }

    @Test
    void theSeriesHeldOverAllEntriesStayWithinTheirBudget() {
        int perEntry = SeriesLookupCache.MAX_SERIES_PER_ENTRY;
        int entries = SeriesLookupCache.MAX_SERIES / perEntry + 3;
        for (int i = 0; i < entries; i++) {
            cache.put("q" + i, cache.version(), series(perEntry));
            assertThat(cache.seriesHeld()).isLessThanOrEqualTo(SeriesLookupCache.MAX_SERIES);
        }
        assertThat(cache.get("q0")).as("the oldest, dropped for the budget").isNull();
        assertThat(cache.get("q" + (entries - 1))).hasSize(perEntry);
        assertThat(cache.seriesHeld()).isEqualTo((long) SeriesLookupCache.MAX_SERIES / perEntry * perEntry);
        // Asked again for the same lookup: replaced, not counted twice.
        cache.put("q" + (entries - 1), cache.version(), series(perEntry));
        assertThat(cache.seriesHeld()).isEqualTo((long) SeriesLookupCache.MAX_SERIES / perEntry * perEntry);
    }
}
