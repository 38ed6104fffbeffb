package dev.pharos.store.batch;

import java.util.List;

/** One batch per metric table: a metrics request spreads its data points over all five. */
public record MetricsBatches(MetricsBatch.Gauge gauge, MetricsBatch.Sum sum, MetricsBatch.Histogram histogram,
                             MetricsBatch.ExponentialHistogram exponentialHistogram, MetricsBatch.Summary summary) {

    public MetricsBatches() {
        this(new MetricsBatch.Gauge(), new MetricsBatch.Sum(), new MetricsBatch.Histogram(),
                new MetricsBatch.ExponentialHistogram(), new MetricsBatch.Summary());
    }

    public List<TableBatch> all() {
        return List.of(gauge, sum, histogram, exponentialHistogram, summary);
    }
}
