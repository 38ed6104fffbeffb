package dev.pharos.query.promql.clickhouse;

import dev.pharos.query.QueryOptions;
import dev.pharos.query.promql.conformance.ScriptStorage;
import dev.pharos.query.promql.storage.Series;
import dev.pharos.query.promql.storage.SeriesSource;
import dev.pharos.store.ClickHouse;
import dev.pharos.store.batch.PromBatches;
import java.util.List;

/**
 * The conformance scripts' data in the real tables: each {@code load} block becomes rows of
 * {@code prom_samples} and {@code prom_series}, and queries read them through
 * {@link ClickHouseSeriesSource}, the code path of the HTTP API.
 */
public final class ClickHouseScriptStorage implements ScriptStorage {

    private static final String TENANT = "default";

    private final ClickHouse clickHouse;
    private final QueryOptions options;
    private final ClickHouseSeriesSource source;
    private final PromWriter writer;

    public ClickHouseScriptStorage(ClickHouse clickHouse, QueryOptions options) {
        this.clickHouse = clickHouse;
        this.options = options;
        this.writer = new PromWriter(clickHouse, options);
        this.source = new ClickHouseSeriesSource(clickHouse, options, 1_000_000, 50_000_000L, null);
    }

    @Override
    public void load(List<Series> series) {
        writer.write(series, TENANT);
    }

    @Override
    public void clear() {
        clickHouse.execute("TRUNCATE TABLE " + options.table(PromBatches.Samples.TABLE));
        clickHouse.execute("TRUNCATE TABLE " + options.table(PromBatches.Series.TABLE));
    }

    @Override
    public SeriesSource source() {
        return source;
    }
}
