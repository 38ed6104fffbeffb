package dev.pharos.query.promql.clickhouse;

import dev.pharos.access.Tenants;
import dev.pharos.query.QueryOptions;
import dev.pharos.query.promql.EngineOptions;
import dev.pharos.query.promql.PromqlEngine;
import dev.pharos.store.ClickHouse;

/**
 * The Prometheus side of the query layer for one caller: a PromQL engine and the series index,
 * both over the engine's tables and confined to the caller's tenants.
 */
public record PromReader(ClickHouse clickHouse, QueryOptions options, EngineOptions engineOptions) {

    public PromReader scopedTo(Tenants tenants) {
        return tenants.isAll() ? this : new PromReader(clickHouse, options.scopedTo(tenants), engineOptions);
    }

    public PromqlEngine engine() {
        return new PromqlEngine(new ClickHouseSeriesSource(clickHouse, options, engineOptions.maxSeries(), engineOptions.maxSamples()),
                engineOptions);
    }

    public PromIndex index() {
        return new PromIndex(clickHouse, options);
    }
}
