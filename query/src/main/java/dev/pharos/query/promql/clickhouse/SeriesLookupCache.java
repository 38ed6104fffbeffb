package dev.pharos.query.promql.clickhouse;

import dev.pharos.query.promql.storage.Labels;
import dev.pharos.store.TableVersions;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Series lookups answered before, kept while {@code prom_series} has not been written since (see
 * {@link TableVersions}): a dashboard asks the same selectors over and over, and each lookup is a
 * statement of its own, 3-6 ms in the embedded engine, paid before the samples can be read when the
 * selector has label matchers. The key is the lookup's whole SQL (matchers, hour-rounded window,
 * tenant filters, limits), so two callers share an answer only when the engine would give both the
 * same one. Bounded in entries, in series per entry and in series over all entries (least recently
 * used dropped first), and an entry older than {@link #MAX_AGE_NANOS} is asked again in any case.
 * Recording rules write their output series every evaluation interval, and a new hour brings every
 * series' row for it: both invalidate every entry, so the cache helps between those writes.
 */
public final class SeriesLookupCache {

    static final int MAX_ENTRIES = 256;
    /** Larger answers are not kept: they cost memory, and reading their samples dwarfs the lookup anyway. */
    static final int MAX_SERIES_PER_ENTRY = 10_000;
    /** Series held over all entries (each with its label strings, up to ~1 KB): the least recently used go past it. */
    static final int MAX_SERIES = 100_000;
    static final long MAX_AGE_NANOS = 600_000_000_000L;

    /** What a lookup found, keyed by (tenant, fingerprint). */
    record Found(Map<ClickHouseSeriesSource.Key, Labels> series, long version, long atNanos) {}

    private final TableVersions versions;
    private final String table;
    private final LongSupplier clock;
    /** In access order: the first is the least recently used. */
    private final LinkedHashMap<String, Found> entries = new LinkedHashMap<>(MAX_ENTRIES, 0.75f, true);
    private long series;

    /**
     * @param versions moved by every write to the tables (see {@link dev.pharos.store.VersionedClickHouse})
     * @param table the qualified series table whose writes invalidate the entries
     */
    public SeriesLookupCache(TableVersions versions, String table) {
        this(versions, table, System::nanoTime);
    }

    SeriesLookupCache(TableVersions versions, String table, LongSupplier clock) {
        this.versions = versions;
        this.table = table;
        this.clock = clock;
    }

    /** The table's version now: read it before running a lookup, and store the answer with it. */
    long version() {
        return versions.version(table);
    }

    /** The answer to {@code sql} when it is still current, else null. */
    synchronized Map<ClickHouseSeriesSource.Key, Labels> get(String sql) {
        Found f = entries.get(sql);
        if (f == null) {
            return null;
        }
        if (f.version() != versions.version(table) || clock.getAsLong() - f.atNanos() > MAX_AGE_NANOS) {
            remove(sql);
            return null;
        }
        return f.series();
    }

    /** Keeps an answer read after {@link #version()} returned {@code version}; it must not be changed afterwards. */
    synchronized void put(String sql, long version, Map<ClickHouseSeriesSource.Key, Labels> found) {
        if (found.size() > MAX_SERIES_PER_ENTRY || version != versions.version(table)) {
            return;
        }
        remove(sql);
        entries.put(sql, new Found(found, version, clock.getAsLong()));
        series += found.size();
        var eldest = entries.entrySet().iterator();
        while (entries.size() > MAX_ENTRIES || series > MAX_SERIES) {
            series -= eldest.next().getValue().series().size();
            eldest.remove();
        }
    }

    /** Series held now, over all entries. */
    synchronized long seriesHeld() {
        return series;
    }

    private void remove(String sql) {
        Found gone = entries.remove(sql);
        if (gone != null) {
            series -= gone.series().size();
        }
    }
}
