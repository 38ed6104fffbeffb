package dev.pharos.bench.ingest;

import dev.pharos.bench.Machine;
import dev.pharos.bench.ServerUnderTest;
import dev.pharos.store.embedded.EmbeddedClickHouse;
import dev.pharos.store.embedded.EngineOptions;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code pharos bench ingest}: a Pharos server in its own process, a load generator sending
 * realistic OTLP to it, and the figures a capacity plan needs: records/s sustained through to the
 * table, Pharos CPU per million records (so per core), acknowledgement and end-to-end latency,
 * peak RSS. At the end every acknowledged record is looked for in the table.
 */
public final class IngestBenchmark {

    /**
     * @param signal traces or logs
     * @param target tables (the real MergeTree tables) or null (Null-engine copies: receive, process, encode, engine parse)
     * @param ratePerSecond records per second to offer, 0 = as fast as the server takes them
     * @param diskBuffer the server's disk buffer fsync policy (always, interval, never), or null without the disk buffer
     * @param redaction the server's redaction.mode (mask, hash, drop, off), or null for its default (mask)
     */
    public record Options(String signal, String target, LoadDriver.Transport transport, int inFlight, double ratePerSecond,
                          Duration warmup, Duration duration, int recordsPerRequest, Path dataDir, String memoryLimit,
                          int batchRows, String diskBuffer, String redaction) {

        public Options(String signal, String target, LoadDriver.Transport transport, int inFlight, double ratePerSecond, Duration warmup,
                       Duration duration, int recordsPerRequest, Path dataDir, String memoryLimit, int batchRows) {
            this(signal, target, transport, inFlight, ratePerSecond, warmup, duration, recordsPerRequest, dataDir, memoryLimit, batchRows, null, null);
        }
    }

    private IngestBenchmark() {}

    public static LoadDriver.Transport transport(String name) {
        return switch (name) {
            case "grpc" -> LoadDriver.Transport.GRPC;
            case "http" -> LoadDriver.Transport.HTTP;
            default -> throw new IllegalArgumentException("--transport must be grpc or http, got '" + name + "'");
        };
    }

    public static void run(Options o, PrintStream out) throws Exception {
        boolean traces = o.signal().equals("traces");
        boolean nullSink = o.target().equals("null");
        String unit = traces ? "spans" : "logs";
        String table = traces ? "otel_traces" : "otel_logs";
        out.printf("pharos bench ingest: %s over %s into %s, %d requests in flight, batches of %,d rows, %s, %s, redaction %s; machine: %s%n", unit,
                o.transport().name().toLowerCase(java.util.Locale.ROOT), nullSink ? "Null-engine tables" : table, o.inFlight(), o.batchRows(),
                o.ratePerSecond() > 0 ? String.format("offered %,.0f %s/s", o.ratePerSecond(), unit) : "unpaced",
                o.diskBuffer() == null ? "no disk buffer" : "disk buffer with fsync " + o.diskBuffer(),
                o.redaction() == null ? "mask (default)" : o.redaction(), Machine.describe());

        TelemetryGenerator gen = new TelemetryGenerator(7);
        List<TelemetryGenerator.Payload> payloads = traces
                ? gen.traceRequests(64, Math.max(1, o.recordsPerRequest() / 100))
                : gen.logRequests(64, o.recordsPerRequest());
        long bytes = payloads.stream().mapToLong(p -> p.body().length).sum();
        long records = payloads.stream().mapToLong(TelemetryGenerator.Payload::records).sum();
        out.printf("payloads: 64 distinct requests of ~%,d %s, %,d bytes per %s on the wire (protobuf)%n",
                records / 64, unit, bytes / records, traces ? "span" : "log record");

        long ackedTotal;
        double seconds;
        double cpuSeconds;
        double insertedInWindow;
        LoadDriver.Phase measured;
        double writtenInWindow;
        String metricsAfter;
        long peakRss;
        try (ServerUnderTest server = ServerUnderTest.start(o.dataDir(), nullSink, o.memoryLimit(), o.batchRows(), o.diskBuffer(), o.redaction());
             LoadDriver driver = new LoadDriver(o.transport(), o.transport() == LoadDriver.Transport.GRPC ? server.grpcPort()
                     : server.otlpHttpPort(), o.signal())) {
            out.printf("server: pid %d, warming up for %d s ...%n", server.pid(), o.warmup().toSeconds());
            LoadDriver.Phase warm = driver.run(payloads, o.inFlight(), o.ratePerSecond(), o.warmup(), n -> { });
            String before = server.metrics();
            double insertedBefore = ServerUnderTest.value(before, "pharos_ingest_inserted_records_total", "signal=\"" + o.signal() + "\"");
            double cpuBefore = server.cpuTime().toNanos() / 1e9;
            long start = System.nanoTime();
            out.printf("measuring for %d s ...%n", o.duration().toSeconds());
            measured = driver.run(payloads, o.inFlight(), o.ratePerSecond(), o.duration(),
                    n -> out.printf("  %,d %s acknowledged so far%n", n, unit));
            writtenInWindow = ServerUnderTest.value(server.metrics(), "pharos_ingest_inserted_records_total", "signal=\"" + o.signal() + "\"")
                    - insertedBefore;
            ackedTotal = warm.ackedRecords() + measured.ackedRecords();
            // Wait until the server has written everything it acknowledged.
            while (true) {
                metricsAfter = server.metrics();
                double inserted = ServerUnderTest.value(metricsAfter, "pharos_ingest_inserted_records_total", "signal=\"" + o.signal() + "\"");
                double dropped = ServerUnderTest.value(metricsAfter, "pharos_ingest_dropped_records_total", "signal=\"" + o.signal() + "\"");
                if (inserted + dropped >= ackedTotal) {
                    break;
                }
                if (System.nanoTime() - start > o.duration().toNanos() + 120_000_000_000L) {
                    throw new IllegalStateException("the server did not write what it acknowledged within 2 minutes after the load");
                }
                Thread.sleep(50);
            }
            seconds = (System.nanoTime() - start) / 1e9;
            cpuSeconds = server.cpuTime().toNanos() / 1e9 - cpuBefore;
            insertedInWindow = ServerUnderTest.value(metricsAfter, "pharos_ingest_inserted_records_total", "signal=\"" + o.signal() + "\"")
                    - insertedBefore;
            peakRss = server.peakRssBytes();
            if (o.diskBuffer() != null) {
                out.printf("  disk buffer            %,.0f fsyncs for %,d acknowledged requests, %,.0f MiB written (measured window)%n",
                        ServerUnderTest.value(metricsAfter, "pharos_disk_buffer_fsyncs_total")
                                - ServerUnderTest.value(before, "pharos_disk_buffer_fsyncs_total"), measured.ackedRequests(),
                        (ServerUnderTest.value(metricsAfter, "pharos_disk_buffer_written_bytes_total")
                                - ServerUnderTest.value(before, "pharos_disk_buffer_written_bytes_total")) / (1 << 20));
            }
        }
        double dropped = ServerUnderTest.value(metricsAfter, "pharos_ingest_dropped_records_total", "signal=\"" + o.signal() + "\"");
        // Acknowledged while measuring: the buffer is bounded, so a server that cannot keep up refuses and this falls to its write rate.
        double sustained = measured.ackedRecords() / measured.seconds();
        double perMillion = cpuSeconds / insertedInWindow * 1e6;
        out.printf("%n  sustained              %,.0f %s/s (%,d acknowledged in %.1f s; all written %.1f s after the start, the last batch"
                + " waiting up to the batch age)%n", sustained, unit, measured.ackedRecords(), measured.seconds(), seconds);
        // Written to the table while measuring: unlike acknowledgements, not flattered by the buffer filling up.
        double written = writtenInWindow / measured.seconds();
        out.printf("  written                %,.0f %s/s committed to the table while measuring%n", written, unit);
        out.printf("  Pharos CPU             %.1f s = %.2f CPU-s per million %s = %,.0f %s/s per core%n",
                cpuSeconds, perMillion, unit, 1e6 / perMillion, unit);
        out.printf("  ack latency            p50 %.1f ms, p99 %.1f ms (%,d requests; %,d refused with retry-later, %,d failed)%n",
                measured.percentileMillis(0.5), measured.percentileMillis(0.99), measured.ackedRequests(), measured.refused(), measured.failed());
        out.printf("  end to end p99         <= %s (oldest record of a batch accepted -> batch committed)%n",
                histogramQuantile(metricsAfter, "pharos_ingest_end_to_end_seconds", o.signal(), 0.99));
        out.printf("  Pharos peak RSS        %,d MiB%n", peakRss >> 20);
        out.printf("  dropped                %,.0f%n", dropped);

        if (nullSink) {
            out.printf("  verified               the engine took all %,d acknowledged %s into the Null tables%n", ackedTotal, unit);
            return;
        }
        try (EmbeddedClickHouse engine = EmbeddedClickHouse.open(new EngineOptions(o.dataDir(), 2L << 30, 1, "warning"))) {
            long rows = Long.parseLong(engine.query("SELECT count() FROM otel." + table, "TSV").text().strip());
            out.printf("  verified               %,d rows in %s for %,d acknowledged %s: %s%n", rows, table, ackedTotal, unit,
                    rows == ackedTotal ? "every acknowledged record is there" : "MISMATCH");
            if (rows != ackedTotal) {
                throw new IllegalStateException(rows + " rows stored for " + ackedTotal + " acknowledged records");
            }
            out.printf("measuring the engine alone on the same rows: %d s of load, then %d s measured ...%n", o.warmup().toSeconds(),
                    o.duration().toSeconds());
            double engineRate = EngineAlone.rowsPerSecond(engine, traces, payloads, o.batchRows(), o.warmup(), o.duration());
            out.printf("  engine alone           %,.0f rows/s: the pipeline's own blocks of %,d rows for the same requests, %d per insert as the"
                    + " pipeline sends them under a backlog, into %s (a fresh copy of the schema), merges running%n", engineRate, o.batchRows(),
                    dev.pharos.process.pipeline.PipelineOptions.MAX_BATCHES_PER_INSERT, PipelineBlocks.table(traces));
            out.printf("  end to end / engine    %.0f%% (written while measuring / engine alone)%n", 100 * written / engineRate);
        }
    }

    /** The upper bound of the bucket holding quantile {@code q} of a classic Prometheus histogram. */
    static String histogramQuantile(String metrics, String name, String signal, double q) {
        double total = ServerUnderTest.value(metrics, name + "_count", "signal=\"" + signal + "\"");
        if (total == 0) {
            return "n/a";
        }
        for (String line : metrics.split("\n")) {
            if (line.startsWith(name + "_bucket{") && line.contains("signal=\"" + signal + "\"")) {
                double cumulative = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                if (cumulative >= q * total) {
                    String le = line.replaceAll(".*le=\"([^\"]+)\".*", "$1");
                    return le + " s";
                }
            }
        }
        return "n/a";
    }
}
