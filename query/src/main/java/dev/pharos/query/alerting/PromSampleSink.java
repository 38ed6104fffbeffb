package dev.pharos.query.alerting;

import dev.pharos.access.Tenants;
import dev.pharos.query.promql.clickhouse.PromWriter;
import dev.pharos.query.promql.storage.Series;
import dev.pharos.query.promql.value.Sample;
import java.util.ArrayList;
import java.util.List;

/**
 * Rule output into the Prometheus tables of the default tenant: recorded series, ALERTS and
 * ALERTS_FOR_STATE become queryable with PromQL as soon as the insert returns, so a later rule of
 * the same group reads what an earlier one recorded.
 */
public final class PromSampleSink implements SampleSink {

    private final PromWriter writer;

    public PromSampleSink(PromWriter writer) {
        this.writer = writer;
    }

    @Override
    public void write(List<Sample> samples) {
        List<Series> series = new ArrayList<>(samples.size());
        for (Sample s : samples) {
            series.add(new Series(s.labels(), new long[] {s.timestampMs()}, new double[] {s.value()}));
        }
        writer.write(series, Tenants.DEFAULT);
    }
}
