package dev.pharos.process.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SeriesCacheTest {

    private static final long HOUR = 3_600_000L;

    @Test
    void aSeriesNeedsItsRowOncePerHourAndTenant() {
        SeriesCache cache = new SeriesCache(100);
        assertThat(cache.needsRow(1, 42, 10 * HOUR)).isTrue();
        assertThat(cache.needsRow(1, 42, 10 * HOUR + 59 * 60_000)).isFalse();
        assertThat(cache.needsRow(2, 42, 10 * HOUR)).as("another tenant").isTrue();
        assertThat(cache.needsRow(1, 43, 10 * HOUR)).as("another series").isTrue();
        assertThat(cache.needsRow(1, 42, 11 * HOUR)).as("the next hour").isTrue();
        assertThat(cache.needsRow(1, 42, 11 * HOUR + 1)).isFalse();
        // A late sample of an hour already left behind writes that hour's row again: harmless, the table merges it.
        assertThat(cache.needsRow(1, 42, 10 * HOUR)).isTrue();
    }

    @Test
    void aFullSetForgetsOneSeriesWhichThenHasItsRowWrittenAgain() {
        SeriesCache cache = new SeriesCache(8);
        // Same lower bits: all in one set of eight.
        for (long i = 1; i <= 8; i++) {
            assertThat(cache.needsRow(0, i << 40 | 5, 0)).isTrue();
        }
        for (long i = 1; i <= 8; i++) {
            assertThat(cache.needsRow(0, i << 40 | 5, 0)).as("series %d remembered", i).isFalse();
        }
        assertThat(cache.needsRow(0, 9L << 40 | 5, 0)).isTrue();
        assertThat(cache.needsRow(0, 9L << 40 | 5, 0)).isFalse();
        long forgotten = 0;
        for (long i = 1; i <= 8; i++) {
            forgotten += cache.needsRow(0, i << 40 | 5, 0) ? 1 : 0;
        }
        assertThat(forgotten).as("the ninth series took one slot").isPositive();
    }

    @Test
    void newSeriesInAFullSetEvictDifferentSlotsNotAlwaysTheSameOne() {
        // The production size: 2^19 sets, so every key below shares its set (the lower 19 bits).
        SeriesCache cache = new SeriesCache(2_000_000);
        for (long i = 1; i <= 8; i++) {
            assertThat(cache.needsRow(0, i << 40 | 5, 0)).isTrue();
        }
        for (long j = 1; j <= 7; j++) {
            assertThat(cache.needsRow(0, j << 61 | (j + 8) << 40 | 5, 0)).isTrue();
        }
        long forgotten = 0;
        for (long i = 1; i <= 8; i++) {
            forgotten += cache.needsRow(0, i << 40 | 5, 0) ? 1 : 0;
        }
        // Pinned to one victim, seven newcomers would have pushed out one old series and kept replacing each other.
        assertThat(forgotten).as("old series pushed out by seven newcomers").isEqualTo(7);
    }

    @Test
    void seriesWhoseKeysDifferInAnySingleBitAreNeverTakenForEachOther() {
        // The production size: 2^19 sets. Every bit of the key is in the set index or in the stored tag.
        SeriesCache cache = new SeriesCache(2_000_000);
        long key = 0x0123_4567_89AB_CDEFL;
        assertThat(cache.needsRow(0, key, 5 * HOUR)).isTrue();
        for (int bit = 0; bit < 64; bit++) {
            assertThat(cache.needsRow(0, key ^ (1L << bit), 5 * HOUR)).as("key with bit %d flipped", bit).isTrue();
        }
    }

    @Test
    void racingThreadsNeverSkipARow() throws Exception {
        SeriesCache cache = new SeriesCache(1 << 16);
        int series = 50_000;
        java.util.concurrent.atomic.AtomicIntegerArray rows = new java.util.concurrent.atomic.AtomicIntegerArray(series);
        Runnable work = () -> {
            for (int hour = 0; hour < 3; hour++) {
                for (int s = 0; s < series; s++) {
                    if (cache.needsRow(7, s * 0x9E3779B97F4A7C15L, hour * HOUR + s)) {
                        rows.incrementAndGet(s);
                    }
                }
            }
        };
        Thread a = Thread.ofPlatform().start(work);
        Thread b = Thread.ofPlatform().start(work);
        a.join();
        b.join();
        for (int s = 0; s < series; s++) {
            assertThat(rows.get(s)).as("rows of series %d over 3 hours", s).isGreaterThanOrEqualTo(3);
        }
    }
}
