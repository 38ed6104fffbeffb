package dev.pharos.process.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import dev.pharos.access.Tenants;
import dev.pharos.process.pipeline.durable.DiskBufferOptions;
import dev.pharos.process.pipeline.durable.FsyncPolicy;
import dev.pharos.store.ClickHouse;
import dev.pharos.store.batch.LogsBatch;
import dev.pharos.store.ClickHouseException;
import dev.pharos.store.InsertResult;
import dev.pharos.store.QueryResult;
import dev.pharos.store.ReadLimits;
import dev.pharos.store.ResultStream;
import dev.pharos.store.nativeformat.NativeBlock;
import dev.pharos.store.schema.Retention;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Histogram;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pipeline with the disk buffer, against an engine stand-in that deduplicates by token as
 * ClickHouse does: replays rebuild the same batches with the same tokens, spilled batches come
 * back, and the size cap drops and counts the oldest.
 */
class DiskBufferPipelineTest {

    static final long NOW = System.currentTimeMillis() * 1_000_000L;

    @TempDir
    Path dir;

    private final List<IngestPipeline> pipelines = new ArrayList<>();

    @AfterEach
    void closeAll() {
        for (IngestPipeline p : pipelines) {
            p.close();
        }
    }

    /** Insert deduplication by token, as the engine's non_replicated_deduplication_window does. */
    static final class TokenEngine implements ClickHouse {
        volatile boolean down;
        final Map<String, byte[]> stored = new ConcurrentHashMap<>();
        final Map<String, Integer> rowsByToken = new ConcurrentHashMap<>();
        final Map<String, String> tableByToken = new ConcurrentHashMap<>();
        final List<String> order = Collections.synchronizedList(new ArrayList<>());
        final AtomicInteger deduplicated = new AtomicInteger();
        final AtomicInteger differentRowsSameToken = new AtomicInteger();

        @Override
        public InsertResult insert(String table, List<NativeBlock> blocks, String dedupToken) {
            if (down) {
                throw new ClickHouseException(210, "NETWORK_ERROR", "Code: 210. simulated outage (NETWORK_ERROR)");
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            int rows = 0;
            try {
                for (NativeBlock block : blocks) {
                    block.writeTo(out);
                    rows += block.rows();
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            byte[] bytes = out.toByteArray();
            byte[] before = stored.putIfAbsent(dedupToken, bytes);
            if (before != null) {
                deduplicated.incrementAndGet();
                if (!Arrays.equals(before, bytes)) {
                    differentRowsSameToken.incrementAndGet();
                }
            } else {
                order.add(dedupToken);
                rowsByToken.put(dedupToken, rows);
                tableByToken.put(dedupToken, table);
            }
            return new InsertResult(rows, bytes.length, 0);
        }

        long rows(String table) {
            return rowsByToken.entrySet().stream().filter(e -> tableByToken.get(e.getKey()).endsWith("." + table))
                    .mapToLong(Map.Entry::getValue).sum();
        }

        @Override
        public void execute(String sql) {}

        @Override
        public QueryResult query(String sql, String format) {
            throw new UnsupportedOperationException();
        }

        @Override
        public QueryResult queryReadOnly(String sql, String format, ReadLimits limits) {
            throw new UnsupportedOperationException();
        }

        @Override
        public ResultStream stream(String sql, String format) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void close() {}
    }

    record Started(IngestPipeline pipeline, PrometheusRegistry registry) {}

    private Started start(TokenEngine engine, Path wal, long bufferBytes, int batchRows, long maxDisk, long segment) {
        PipelineOptions options = new PipelineOptions("otel", batchRows, 1L << 20, Duration.ofSeconds(30), bufferBytes, Overflow.REJECT,
                1024, new Retention(0, 0, 0), 2, Duration.ofMillis(300), 64, null);
        PrometheusRegistry registry = new PrometheusRegistry();
        IngestPipeline p = new IngestPipeline(engine, options, registry,
                new DiskBufferOptions(wal, FsyncPolicy.ALWAYS, Duration.ofMillis(100), maxDisk, segment));
        pipelines.add(p);
        return new Started(p, registry);
    }

    private Started start(TokenEngine engine, Path wal) {
        return start(engine, wal, 64L << 20, 300, 1L << 30, 1L << 20);
    }

    static KeyValue kv(String k, String v) {
        return KeyValue.newBuilder().setKey(k).setValue(AnyValue.newBuilder().setStringValue(v)).build();
    }

    static byte[] logs(long firstSeq, int n, int bodyBytes) {
        ScopeLogs.Builder scope = ScopeLogs.newBuilder();
        for (int i = 0; i < n; i++) {
            long seq = firstSeq + i;
            scope.addLogRecords(LogRecord.newBuilder().setTimeUnixNano(NOW + seq).setSeverityNumberValue(9).setSeverityText("INFO")
                    .setBody(AnyValue.newBuilder().setStringValue("line " + seq + " " + "x".repeat(bodyBytes)))
                    .addAttributes(kv("seq", Long.toString(seq))));
        }
        return ExportLogsServiceRequest.newBuilder().addResourceLogs(ResourceLogs.newBuilder()
                .setResource(Resource.newBuilder().addAttributes(kv("service.name", "wal-test"))).addScopeLogs(scope)).build().toByteArray();
    }

    static byte[] spans(long first, int n) {
        ScopeSpans.Builder scope = ScopeSpans.newBuilder();
        for (int i = 0; i < n; i++) {
            long id = first + i;
            byte[] trace = new byte[16];
            trace[0] = 1;
            trace[8] = (byte) (id >> 8);
            trace[15] = (byte) id;
            byte[] span = {0, 0, 0, 0, 0, 1, (byte) (id >> 8), (byte) id};
            scope.addSpans(Span.newBuilder().setTraceId(ByteString.copyFrom(trace)).setSpanId(ByteString.copyFrom(span)).setName("op")
                    .setStartTimeUnixNano(NOW).setEndTimeUnixNano(NOW + 1000).addAttributes(kv("seq", Long.toString(id)))
                    .addEvents(Span.Event.newBuilder().setName("e").setTimeUnixNano(NOW + 5).addAttributes(kv("k", "v" + id)))
                    .addLinks(Span.Link.newBuilder().setTraceId(ByteString.copyFrom(trace)).setSpanId(ByteString.copyFrom(span))));
        }
        return ExportTraceServiceRequest.newBuilder().addResourceSpans(ResourceSpans.newBuilder()
                .setResource(Resource.newBuilder().addAttributes(kv("service.name", "wal-test"))).addScopeSpans(scope)).build().toByteArray();
    }

    static ExportMetricsServiceRequest metrics(long first, int n) {
        Gauge.Builder gauge = Gauge.newBuilder();
        Histogram.Builder histogram = Histogram.newBuilder().setAggregationTemporalityValue(2);
        for (int i = 0; i < n; i++) {
            gauge.addDataPoints(NumberDataPoint.newBuilder().setTimeUnixNano(NOW + i).setAsDouble(first + i).addAttributes(kv("seq", "" + (first + i))));
            histogram.addDataPoints(HistogramDataPoint.newBuilder().setTimeUnixNano(NOW + i).setCount(3).setSum(first + i)
                    .addBucketCounts(1).addBucketCounts(2).addExplicitBounds(1.5).addAttributes(kv("seq", "" + (first + i))));
        }
        return ExportMetricsServiceRequest.newBuilder().addResourceMetrics(ResourceMetrics.newBuilder()
                .setResource(Resource.newBuilder().addAttributes(kv("service.name", "wal-test")))
                .addScopeMetrics(ScopeMetrics.newBuilder()
                        .addMetrics(Metric.newBuilder().setName("temperature").setGauge(gauge))
                        .addMetrics(Metric.newBuilder().setName("latency").setUnit("s").setHistogram(histogram)))).build();
    }

    static IngestPipeline.Outcome submitLogs(IngestPipeline p, byte[] body) {
        Ticket t = p.admit(body.length);
        if (t == null) {
            return p.refusal();
        }
        return p.submitLogs(body, body.length, t, Tenants.all());
    }

    static double counter(PrometheusRegistry registry, String name, String... labels) {
        Labels wanted = Labels.of(labels);
        for (MetricSnapshot s : registry.scrape()) {
            if (s instanceof CounterSnapshot c && s.getMetadata().getPrometheusName().equals(name.replace("_total", ""))) {
                return c.getDataPoints().stream().filter(d -> labels.length == 0 || d.getLabels().equals(wanted))
                        .mapToDouble(CounterSnapshot.CounterDataPointSnapshot::getValue).sum();
            }
        }
        return 0;
    }

    static void awaitDrained(IngestPipeline p) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            p.flush();
            if (p.drained()) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("not drained in 30 s");
    }

    /** What kill -9 leaves of the disk buffer: its files as written so far. */
    static void snapshot(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (var files = Files.list(from)) {
            for (Path p : files.filter(p -> p.toString().endsWith(".wal")).toList()) {
                Files.copy(p, to.resolve(p.getFileName()));
            }
        }
    }

    @Test
    void batchesInsertedBeforeTheCrashButNotMarkedDoneAreReplayedWithTheirTokensAndDeduplicated() throws Exception {
        TokenEngine engine = new TokenEngine();
        engine.down = true;
        Started a = start(engine, dir.resolve("wal"));
        int logRequests = 12;
        for (int r = 0; r < logRequests; r++) {
            assertThat(submitLogs(a.pipeline(), logs(r * 100L, 100, 50))).isInstanceOf(IngestPipeline.Outcome.Accepted.class);
            byte[] traces = spans(r * 10L, 10);
            Ticket t = a.pipeline().admit(traces.length);
            assertThat(a.pipeline().submitTraces(traces, traces.length, t, Tenants.all())).isInstanceOf(IngestPipeline.Outcome.Accepted.class);
            ExportMetricsServiceRequest m = metrics(r * 10L, 10);
            assertThat(a.pipeline().submitMetrics(m, a.pipeline().admit(m.getSerializedSize()), Tenants.all()))
                    .isInstanceOf(IngestPipeline.Outcome.Accepted.class);
        }
        a.pipeline().flush();
        // Every batch is sealed on disk and none is inserted: the state right before the inserter catches up.
        snapshot(dir.resolve("wal"), dir.resolve("crash"));
        engine.down = false;
        awaitDrained(a.pipeline());
        int batches = engine.stored.size();
        assertThat(engine.rows(LogsBatch.TABLE)).isEqualTo(logRequests * 100L);
        assertThat(engine.rows("otel_traces")).isEqualTo(logRequests * 10L);
        assertThat(engine.rows("otel_metrics_gauge")).isEqualTo(logRequests * 10L);
        assertThat(engine.rows("otel_metrics_histogram")).isEqualTo(logRequests * 10L);
        assertThat(engine.rows("prom_samples")).isPositive();

        // The process died there, after its inserts but before their DONE records: a restart on that disk
        // state inserts every batch again, each with its original token and exactly its original rows.
        Started b = start(engine, dir.resolve("crash"));
        awaitDrained(b.pipeline());
        assertThat(engine.deduplicated.get()).isEqualTo(batches);
        assertThat(engine.differentRowsSameToken.get()).isZero();
        assertThat(engine.stored).hasSize(batches);
        assertThat(counter(b.registry(), "pharos_disk_buffer_replayed_batches_total")).isEqualTo(batches);
        assertThat(b.pipeline().diskBuffer().pendingBatches()).isZero();
    }

    @Test
    void batchesStillOpenAtTheCrashAreInsertedOnceAfterTheRestart() throws Exception {
        TokenEngine engine = new TokenEngine();
        Started a = start(engine, dir.resolve("wal"));
        // 2,050 records from one thread (one shard): 6 full batches of 300 inserted, 250 rows open when the process dies.
        for (int r = 0; r < 41; r++) {
            assertThat(submitLogs(a.pipeline(), logs(r * 50L, 50, 20))).isInstanceOf(IngestPipeline.Outcome.Accepted.class);
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (engine.rows(LogsBatch.TABLE) < 1800 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        Thread.sleep(200); // DONE records written
        snapshot(dir.resolve("wal"), dir.resolve("crash"));
        long before = engine.rows(LogsBatch.TABLE);
        assertThat(before).isLessThan(2050);

        Started b = start(engine, dir.resolve("crash"));
        awaitDrained(b.pipeline());
        assertThat(engine.rows(LogsBatch.TABLE)).isEqualTo(2050);
        assertThat(engine.differentRowsSameToken.get()).isZero();
        assertThat(counter(b.registry(), "pharos_disk_buffer_replayed_records_total")).isEqualTo(2050 - before);
    }

    @Test
    void whenMemoryIsFullWaitingBatchesSpillToDiskAndComeBackInOrder() throws Exception {
        TokenEngine engine = new TokenEngine();
        engine.down = true;
        long budget = 2L << 20;
        Started s = start(engine, dir.resolve("wal"), budget, 200, 1L << 30, 1L << 20);
        IngestPipeline p = s.pipeline();
        int requests = 150;
        long peak = 0;
        for (int r = 0; r < requests; r++) {
            // ~60 KB of rows per request: 9 MB in all, over four times the memory budget.
            assertThat(submitLogs(p, logs(r * 100L, 100, 500))).as("request %d", r).isInstanceOf(IngestPipeline.Outcome.Accepted.class);
            peak = Math.max(peak, p.bufferedBytes());
        }
        p.flush();
        assertThat(peak).isLessThanOrEqualTo(budget + (1L << 20));
        assertThat(counter(s.registry(), "pharos_disk_buffer_spilled_batches_total")).isPositive();
        engine.down = false;
        awaitDrained(p);
        assertThat(engine.rows(LogsBatch.TABLE)).isEqualTo(requests * 100L);
        assertThat(engine.deduplicated.get()).isZero();
        assertThat(counter(s.registry(), "pharos_disk_buffer_reloaded_batches_total")).isPositive();
        assertThat(counter(s.registry(), "pharos_ingest_dropped_records_total")).isZero();
        assertThat(p.bufferedBytes()).isZero();
        assertThat(p.diskBuffer().pendingBatches()).isZero();
        assertThat(p.diskBuffer().segmentCount()).isEqualTo(1);
    }

    @Test
    void duringALongOutageTheSizeCapDropsTheOldestAndCountsEveryRecord() throws Exception {
        TokenEngine engine = new TokenEngine();
        engine.down = true;
        long cap = 1L << 20;
        Started s = start(engine, dir.resolve("wal"), 1L << 20, 200, cap, 128 << 10);
        IngestPipeline p = s.pipeline();
        int requests = 100;
        for (int r = 0; r < requests; r++) {
            assertThat(submitLogs(p, logs(r * 100L, 100, 300))).isInstanceOf(IngestPipeline.Outcome.Accepted.class);
            assertThat(p.diskBuffer().bytes()).isLessThanOrEqualTo(cap + (256 << 10));
        }
        p.flush();
        double dropped = counter(s.registry(), "pharos_ingest_dropped_records_total", "signal", "logs", "reason", "disk_buffer_full");
        assertThat(dropped).isPositive();
        engine.down = false;
        awaitDrained(p);
        assertThat(engine.rows(LogsBatch.TABLE) + (long) dropped).isEqualTo(requests * 100L);
        assertThat(counter(s.registry(), "pharos_ingest_accepted_records_total", "signal", "logs")).isEqualTo(requests * 100.0);
        // The newest request made it.
        assertThat(engine.order).isNotEmpty();
    }

    @Test
    void shutdownWithTheEngineDownKeepsEverythingForTheNextStart() throws Exception {
        TokenEngine engine = new TokenEngine();
        engine.down = true;
        Started a = start(engine, dir.resolve("wal"));
        for (int r = 0; r < 10; r++) {
            assertThat(submitLogs(a.pipeline(), logs(r * 100L, 100, 50))).isInstanceOf(IngestPipeline.Outcome.Accepted.class);
        }
        a.pipeline().close();
        assertThat(counter(a.registry(), "pharos_ingest_dropped_records_total")).isZero();
        engine.down = false;
        Started b = start(engine, dir.resolve("wal"));
        awaitDrained(b.pipeline());
        assertThat(engine.rows(LogsBatch.TABLE)).isEqualTo(1000);
        assertThat(engine.deduplicated.get()).isZero();
    }

    @Test
    void whatReachesTheDiskBufferIsAlreadyRedacted() throws Exception {
        TokenEngine engine = new TokenEngine();
        engine.down = true;
        Started a = start(engine, dir.resolve("wal"));
        byte[] request = ExportLogsServiceRequest.newBuilder().addResourceLogs(ResourceLogs.newBuilder()
                .setResource(Resource.newBuilder().addAttributes(kv("service.name", "wal-secrets")))
                .addScopeLogs(ScopeLogs.newBuilder().addLogRecords(LogRecord.newBuilder().setTimeUnixNano(NOW)
                        .setBody(AnyValue.newBuilder().setStringValue("visible-marker-4242 paid with 4111 1111 1111 1111"))
                        .addAttributes(kv("password", "hunter2-Sup3r"))
                        // A card number as an integer is found too; a short integer is written as it is.
                        .addAttributes(io.opentelemetry.proto.common.v1.KeyValue.newBuilder().setKey("card")
                                .setValue(AnyValue.newBuilder().setIntValue(5555555555554444L)))
                        .addAttributes(io.opentelemetry.proto.common.v1.KeyValue.newBuilder().setKey("status")
                                .setValue(AnyValue.newBuilder().setIntValue(987654)))))).build().toByteArray();
        assertThat(submitLogs(a.pipeline(), request)).isInstanceOf(IngestPipeline.Outcome.Accepted.class);
        a.pipeline().close();
        StringBuilder wal = new StringBuilder();
        try (var files = java.nio.file.Files.walk(dir.resolve("wal"))) {
            for (Path f : files.filter(java.nio.file.Files::isRegularFile).toList()) {
                wal.append(new String(java.nio.file.Files.readAllBytes(f), java.nio.charset.StandardCharsets.ISO_8859_1));
            }
        }
        // The record is on disk (the marker), its secrets are not.
        assertThat(wal).contains("visible-marker-4242").contains("[REDACTED:credit_card]")
                .doesNotContain("4111 1111 1111 1111").doesNotContain("hunter2-Sup3r")
                .doesNotContain("5555555555554444").contains("987654");
    }
}
