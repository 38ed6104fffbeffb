package dev.pharos.query.promql.clickhouse;

import dev.pharos.access.Tenants;
import dev.pharos.query.QueryOptions;
import dev.pharos.query.promql.EngineOptions;
import dev.pharos.query.promql.PromqlEngine;
import dev.pharos.store.ClickHouse;
import dev.pharos.store.TableVersions;
import dev.pharos.store.batch.PromBatches;

/**
 * The Prometheus side of the query layer for one caller: a PromQL engine and the series index,
 * both over the engine's tables and confined to the caller's tenants.
 */
public record PromReader(ClickHouse clickHouse, QueryOptions options, EngineOptions engineOptions, SeriesLookupCache lookups) {

    /** Without a lookup cache: every selector asks the engine for its series. */
    public PromReader(ClickHouse clickHouse, QueryOptions options, EngineOptions engineOptions) {
        this(clickHouse, options, engineOptions, null);
    }

    /**
     * With series lookups cached across requests while {@code prom_series} is not written to: only when every write to the
     * tables goes through {@code clickHouse}, a {@link dev.pharos.store.VersionedClickHouse} over {@code versions}.
     */
    public static PromReader caching(ClickHouse clickHouse, QueryOptions options, EngineOptions engineOptions, TableVersions versions) {
        return new PromReader(clickHouse, options, engineOptions, new SeriesLookupCache(versions, options.table(PromBatches.Series.TABLE)));
    }

    public PromReader scopedTo(Tenants tenants) {
        // The cache's keys carry each caller's tenant filters, so scopes share it.
        return tenants.isAll() ? this : new PromReader(clickHouse, options.scopedTo(tenants), engineOptions, lookups);
    }

    public PromqlEngine engine() {
        return new PromqlEngine(new ClickHouseSeriesSource(clickHouse, options, engineOptions.maxSeries(), engineOptions.maxSamples(), lookups),
                engineOptions);
    }

    public PromIndex index() {
        return new PromIndex(clickHouse, options);
    }
}
