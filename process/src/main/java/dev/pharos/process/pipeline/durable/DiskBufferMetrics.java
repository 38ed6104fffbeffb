package dev.pharos.process.pipeline.durable;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.function.LongSupplier;

/** The disk buffer on {@code /metrics}. Records it had to drop are on the ingest drop counter (reason disk_buffer_*). */
final class DiskBufferMetrics {

    private final Counter written;
    private final Counter fsyncs;
    private final Histogram fsyncSeconds;
    private final Counter replayedRecords;
    private final Counter replayedBatches;
    private final Counter corrupt;
    private final Counter spilled;
    private final Counter reloaded;

    DiskBufferMetrics(PrometheusRegistry registry, long limit, LongSupplier bytes, LongSupplier segments, LongSupplier pending) {
        written = Counter.builder().name("pharos_disk_buffer_written_bytes_total")
                .help("Bytes appended to the disk buffer (rows of accepted requests, seal and done records)").register(registry);
        fsyncs = Counter.builder().name("pharos_disk_buffer_fsyncs_total")
                .help("fsync calls of the disk buffer; with fsync=always, concurrent requests share one").register(registry);
        fsyncSeconds = Histogram.builder().name("pharos_disk_buffer_fsync_duration_seconds").help("Time of one fsync of the disk buffer")
                .classicUpperBounds(0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5).register(registry);
        replayedRecords = Counter.builder().name("pharos_disk_buffer_replayed_records_total")
                .help("Records found on disk at start-up, acknowledged before a crash or shutdown and not yet in the engine, queued for insert")
                .register(registry);
        replayedBatches = Counter.builder().name("pharos_disk_buffer_replayed_batches_total")
                .help("Batches found on disk at start-up and queued for insert (with their original deduplication tokens)").register(registry);
        corrupt = Counter.builder().name("pharos_disk_buffer_corrupt_records_total")
                .help("Damaged records found at start-up (a torn write at the end of a segment after a crash); the segment is cut there")
                .register(registry);
        spilled = Counter.builder().name("pharos_disk_buffer_spilled_batches_total")
                .help("Waiting batches released from memory to make room (they stay on disk and are read back for their insert)")
                .register(registry);
        reloaded = Counter.builder().name("pharos_disk_buffer_reloaded_batches_total")
                .help("Batches read back from disk for their insert (spilled or found at start-up)").register(registry);
        GaugeWithCallback.builder().name("pharos_disk_buffer_bytes").help("Bytes in the disk buffer's segment files")
                .callback(cb -> cb.call(bytes.getAsLong())).register(registry);
        GaugeWithCallback.builder().name("pharos_disk_buffer_limit_bytes").help("The disk buffer's size cap")
                .callback(cb -> cb.call(limit)).register(registry);
        GaugeWithCallback.builder().name("pharos_disk_buffer_segments").help("Segment files in the disk buffer")
                .callback(cb -> cb.call(segments.getAsLong())).register(registry);
        GaugeWithCallback.builder().name("pharos_disk_buffer_pending_batches")
                .help("Batches in the disk buffer not yet in the engine (open, waiting or being inserted)")
                .callback(cb -> cb.call(pending.getAsLong())).register(registry);
    }

    void written(long bytes) {
        written.inc(bytes);
    }

    void fsync(long nanos) {
        fsyncs.inc();
        fsyncSeconds.observe(nanos / 1e9);
    }

    void replayed(long records) {
        replayedBatches.inc();
        replayedRecords.inc(records);
    }

    void corrupt() {
        corrupt.inc();
    }

    void spilled() {
        spilled.inc();
    }

    void reloaded() {
        reloaded.inc();
    }
}
