package dev.pharos.query.promql.clickhouse;

import dev.pharos.query.QueryOptions;
import dev.pharos.query.promql.conformance.ScriptStorage;
import dev.pharos.query.promql.storage.Labels;
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

    public ClickHouseScriptStorage(ClickHouse clickHouse, QueryOptions options) {
        this.clickHouse = clickHouse;
        this.options = options;
        this.source = new ClickHouseSeriesSource(clickHouse, options, 1_000_000, 50_000_000L);
    }

    @Override
    public void load(List<Series> series) {
        PromBatches.Samples samples = new PromBatches.Samples();
        PromBatches.Series rows = new PromBatches.Series();
        for (Series s : series) {
            if (s.size() == 0) {
                continue;
            }
            Labels l = s.labels();
            long fp = l.hash();
            String name = l.metricName() == null ? "" : l.metricName();
            for (int i = 0; i < s.size(); i++) {
                samples.tenant.add(TENANT);
                samples.metricName.add(name);
                samples.fingerprint.add(fp);
                samples.timestamp.add(s.timestampsMs()[i]);
                samples.value.add(Double.doubleToRawLongBits(s.values()[i]));
            }
            rows.tenant.add(TENANT);
            rows.metricName.add(name);
            rows.fingerprint.add(fp);
            for (int i = 0; i < l.size(); i++) {
                if (!l.name(i).equals(Labels.METRIC_NAME)) {
                    rows.labels.put(l.name(i), l.value(i));
                }
            }
            rows.labels.endRow();
            rows.firstSeen.add(Math.floorDiv(s.timestampsMs()[0], 1000));
            rows.lastSeen.add(Math.floorDiv(s.timestampsMs()[s.size() - 1], 1000) + 1);
        }
        if (samples.rows() > 0) {
            clickHouse.insert(options.table(PromBatches.Samples.TABLE), samples.block(), null);
            clickHouse.insert(options.table(PromBatches.Series.TABLE), rows.block(), null);
        }
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
