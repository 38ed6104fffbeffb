package dev.pharos.query.promql.clickhouse;

import dev.pharos.query.QueryOptions;
import dev.pharos.query.promql.storage.Labels;
import dev.pharos.query.promql.storage.Series;
import dev.pharos.store.ClickHouse;
import dev.pharos.store.batch.PromBatches;
import java.util.List;

/**
 * Series computed inside Pharos (recording rules, ALERTS, conformance data) written into the
 * Prometheus tables, with the fingerprint ingest gives the same labels, so PromQL reads them
 * like remote-written ones. One insert per table per call.
 */
public final class PromWriter {

    private final ClickHouse clickHouse;
    private final QueryOptions options;

    public PromWriter(ClickHouse clickHouse, QueryOptions options) {
        this.clickHouse = clickHouse;
        this.options = options;
    }

    public void write(List<Series> series, String tenant) {
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
                samples.tenant.add(tenant);
                samples.metricName.add(name);
                samples.fingerprint.add(fp);
                samples.timestamp.add(s.timestampsMs()[i]);
                samples.addValue(Double.doubleToRawLongBits(s.values()[i]));
            }
            rows.tenant.add(tenant);
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
}
