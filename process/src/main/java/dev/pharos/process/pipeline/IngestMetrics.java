package dev.pharos.process.pipeline;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.function.LongSupplier;

/**
 * The ingest counters on {@code /metrics}. Every record that reaches a receiver ends in exactly one
 * of: rejected (the sender was told), dropped (accepted, then lost: counted here and logged), or
 * inserted; accepted = dropped + inserted + still buffered.
 */
public final class IngestMetrics {

    private final Counter received;
    private final Counter accepted;
    private final Counter rejected;
    private final Counter dropped;
    private final Counter inserted;
    private final Histogram batchRows;
    private final Histogram insertSeconds;
    private final Counter insertRetries;
    private final Histogram endToEnd;

    public IngestMetrics(PrometheusRegistry registry, LongSupplier bufferBytes, long bufferLimit) {
        received = Counter.builder().name("pharos_ingest_received_records_total")
                .help("Records (log records, spans, metric data points) decoded from requests").labelNames("signal").register(registry);
        accepted = Counter.builder().name("pharos_ingest_accepted_records_total")
                .help("Records taken into the buffer and acknowledged to the sender").labelNames("signal").register(registry);
        rejected = Counter.builder().name("pharos_ingest_rejected_records_total")
                .help("Records refused with an error the sender sees (overload, invalid record)").labelNames("signal", "reason")
                .register(registry);
        dropped = Counter.builder().name("pharos_ingest_dropped_records_total")
                .help("Acknowledged records that were lost (buffer overflow in drop_oldest mode, insert failure, shutdown)")
                .labelNames("signal", "reason").register(registry);
        inserted = Counter.builder().name("pharos_ingest_inserted_records_total")
                .help("Records committed to their table").labelNames("signal").register(registry);
        batchRows = Histogram.builder().name("pharos_ingest_batch_rows")
                .help("Rows per insert (batches that waited behind a slow insert go in together)").labelNames("table")
                .classicUpperBounds(10, 100, 1_000, 5_000, 10_000, 15_000, 25_000, 50_000, 100_000, 250_000).register(registry);
        insertSeconds = Histogram.builder().name("pharos_ingest_insert_duration_seconds")
                .help("Time to commit one batch, retries included").labelNames("table")
                .classicUpperBounds(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60).register(registry);
        insertRetries = Counter.builder().name("pharos_ingest_insert_retries_total")
                .help("Failed insert attempts that were retried").labelNames("table").register(registry);
        endToEnd = Histogram.builder().name("pharos_ingest_end_to_end_seconds")
                .help("From acceptance of a batch's oldest record to its commit: the longest wait of any record in the batch")
                .labelNames("signal")
                .classicUpperBounds(0.05, 0.1, 0.25, 0.5, 1, 2, 3, 4, 5, 6, 7.5, 10, 15, 30, 60, 120).register(registry);
        GaugeWithCallback.builder().name("pharos_ingest_buffer_bytes")
                .help("Bytes held by the ingest buffer: requests being decoded and batches waiting for the engine")
                .callback(cb -> cb.call(bufferBytes.getAsLong())).register(registry);
        GaugeWithCallback.builder().name("pharos_ingest_buffer_limit_bytes")
                .help("The configured ingest buffer budget").callback(cb -> cb.call(bufferLimit)).register(registry);
    }

    void received(Signal s, long n) {
        received.labelValues(s.label()).inc(n);
    }

    void accepted(Signal s, long n) {
        accepted.labelValues(s.label()).inc(n);
    }

    void rejected(Signal s, String reason, long n) {
        if (n > 0) {
            rejected.labelValues(s.label(), reason).inc(n);
        }
    }

    void dropped(Signal s, String reason, long n) {
        dropped.labelValues(s.label(), reason).inc(n);
    }

    void inserted(Signal s, String table, int rows, double seconds, double endToEndSeconds) {
        inserted.labelValues(s.label()).inc(rows);
        batchRows.labelValues(table).observe(rows);
        insertSeconds.labelValues(table).observe(seconds);
        endToEnd.labelValues(s.label()).observe(endToEndSeconds);
    }

    void retried(String table) {
        insertRetries.labelValues(table).inc();
    }
}
