package dev.pharos.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.resource.v1.Resource;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The disk buffer's promise, checked on the real server process: with {@code ingest.diskBuffer}
 * on, a record whose request was acknowledged is stored after {@code kill -9} and a restart, and
 * stored once. A load generator numbers every record ({@code seq}) and remembers which requests
 * were acknowledged; the server is killed while it sends.
 */
class DiskBufferCrashTest {

    private static final Pattern HTTP_LINE = Pattern.compile("  HTTP\\s+http://127\\.0\\.0\\.1:(\\d+)");
    private static final Pattern OTLP_HTTP_LINE = Pattern.compile("OTLP/HTTP\\s+http://127\\.0\\.0\\.1:(\\d+)");
    private static final int RECORDS_PER_REQUEST = 100;
    private static final String SERVICE = "wal-crash";

    @TempDir
    Path workDir;

    private final List<Process> started = new ArrayList<>();
    // HTTP/1.1: a killed server's port may be handed to the restarted one, and a pooled HTTP/2 connection would then fail.
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

    @AfterEach
    void killLeftovers() {
        started.forEach(Process::destroyForcibly);
    }

    record Server(Process process, int port, int otlpHttpPort, Path stderr) {
        String log() throws IOException {
            return Files.readString(stderr);
        }
    }

    private int spawned;

    /** `pharos up` in its own process on {@code dataDir}, with the disk buffer on (fsync always). */
    private Server up(String dataDir) throws Exception {
        Path config = workDir.resolve("pharos.yaml");
        Files.writeString(config, """
                ingest:
                  batchRows: 2000
                  batchAge: 1s
                  diskBuffer:
                    enabled: true
                    fsync: always
                    segmentSize: 1MiB
                    maxSize: 1GiB
                """);
        List<String> cmd = List.of(ProcessHandle.current().info().command().orElseThrow(),
                "--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow",
                "-Dpharos.chdb.lib=" + System.getProperty("pharos.chdb.lib"),
                "-cp", System.getProperty("java.class.path"), "dev.pharos.app.cli.Main",
                "up", "--config", config.toString(), "--data", dataDir, "--http-port", "0", "--otlp-grpc-port", "0",
                "--otlp-http-port", "0", "--memory-limit", "1GiB");
        int n = ++spawned;
        Path out = workDir.resolve("server-" + n + ".out");
        Path err = workDir.resolve("server-" + n + ".err");
        Process p = new ProcessBuilder(cmd).directory(workDir.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        started.add(p);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            String text = Files.exists(out) ? Files.readString(out) : "";
            Matcher h = HTTP_LINE.matcher(text);
            Matcher o = OTLP_HTTP_LINE.matcher(text);
            if (h.find() && o.find()) {
                return new Server(p, Integer.parseInt(h.group(1)), Integer.parseInt(o.group(1)), err);
            }
            assertThat(p.isAlive()).as("server died: %s", Files.exists(err) ? Files.readString(err) : "").isTrue();
            Thread.sleep(50);
        }
        throw new AssertionError("server did not come up; stderr: " + Files.readString(err));
    }

    /** Sends numbered log records from a few threads and remembers exactly which were acknowledged. */
    final class LoadGenerator implements AutoCloseable {
        private final AtomicLong nextRequest = new AtomicLong();
        private final BitSet acked = new BitSet();
        private final AtomicBoolean stop = new AtomicBoolean();
        private final List<Thread> threads = new ArrayList<>();
        private final AtomicLong ackedRecords = new AtomicLong();
        private final AtomicLong failed = new AtomicLong();
        private final long maxRequests;

        LoadGenerator(int port, int threadCount, long maxRequests) {
            this.maxRequests = maxRequests;
            URI uri = URI.create("http://127.0.0.1:" + port + "/v1/logs");
            for (int t = 0; t < threadCount; t++) {
                threads.add(Thread.ofPlatform().name("load-" + t).start(() -> run(uri)));
            }
        }

        private void run(URI uri) {
            while (!stop.get()) {
                long request = nextRequest.getAndIncrement();
                if (request >= maxRequests) {
                    return;
                }
                long first = request * RECORDS_PER_REQUEST;
                byte[] body = request(first);
                try {
                    HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20))
                            .header("Content-Type", "application/x-protobuf")
                            .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
                    if (r.statusCode() == 200) {
                        synchronized (acked) {
                            acked.set((int) first, (int) first + RECORDS_PER_REQUEST);
                        }
                        ackedRecords.addAndGet(RECORDS_PER_REQUEST);
                    } else {
                        failed.incrementAndGet();
                    }
                } catch (IOException e) {
                    // The server is gone (killed): this request was not acknowledged.
                    failed.incrementAndGet();
                    sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        long ackedRecords() {
            return ackedRecords.get();
        }

        BitSet acked() {
            synchronized (acked) {
                return (BitSet) acked.clone();
            }
        }

        /** Waits until every request was sent and answered. */
        void join() throws InterruptedException {
            for (Thread t : threads) {
                t.join(60_000);
            }
        }

        @Override
        public void close() throws InterruptedException {
            stop.set(true);
            join();
        }
    }

    static byte[] request(long firstSeq) {
        long now = System.currentTimeMillis() * 1_000_000L;
        ScopeLogs.Builder scope = ScopeLogs.newBuilder();
        for (int i = 0; i < RECORDS_PER_REQUEST; i++) {
            long seq = firstSeq + i;
            scope.addLogRecords(LogRecord.newBuilder().setTimeUnixNano(now + i).setSeverityNumberValue(9).setSeverityText("INFO")
                    .setBody(AnyValue.newBuilder().setStringValue("GET /api/orders/" + seq + " 200 in " + (seq % 97) + " ms"))
                    .addAttributes(kv("seq", Long.toString(seq))).addAttributes(kv("http.route", "/api/orders/{id}")));
        }
        return ExportLogsServiceRequest.newBuilder().addResourceLogs(ResourceLogs.newBuilder()
                .setResource(Resource.newBuilder().addAttributes(kv("service.name", SERVICE)).addAttributes(kv("k8s.pod.name", "orders-7d9f")))
                .addScopeLogs(scope)).build().toByteArray();
    }

    static KeyValue kv(String k, String v) {
        return KeyValue.newBuilder().setKey(k).setValue(AnyValue.newBuilder().setStringValue(v)).build();
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private String get(Server s, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + s.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    private String sql(Server s, String query) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + s.port() + "/api/sql?format=TSV"))
                .POST(HttpRequest.BodyPublishers.ofString(query)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as("SQL %s: %s", query, r.body()).isEqualTo(200);
        return r.body();
    }

    static double metric(String metrics, String name) {
        double sum = 0;
        for (String line : metrics.split("\n")) {
            if (line.startsWith(name + " ") || line.startsWith(name + "{")) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }

    /** Every stored seq of the test's service, with how many times it is stored. */
    private BitSet storedOnce(Server s, BitSet acked) throws Exception {
        // Wait until the replay is inserted: nothing pending in the disk buffer, and every acknowledged record there.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        BitSet stored = new BitSet();
        while (true) {
            assertThat(s.process().isAlive()).as("server died: %s", s.log()).isTrue();
            String metrics = get(s, "/metrics");
            stored.clear();
            for (String line : sql(s, "SELECT LogAttributes['seq'] FROM otel.otel_logs WHERE ServiceName = '" + SERVICE + "'")
                    .split("\n")) {
                if (!line.isBlank()) {
                    stored.set(Integer.parseInt(line.strip()));
                }
            }
            BitSet missing = (BitSet) acked.clone();
            missing.andNot(stored);
            if (missing.isEmpty() && metric(metrics, "pharos_disk_buffer_pending_batches") == 0) {
                break;
            }
            assertThat(System.nanoTime()).as("after the restart, %d acknowledged records still missing (first %d); pending %s",
                    missing.cardinality(), missing.nextSetBit(0), metric(metrics, "pharos_disk_buffer_pending_batches"))
                    .isLessThan(deadline);
            Thread.sleep(250);
        }
        assertThat(sql(s, "SELECT LogAttributes['seq'] AS seq, count() AS c FROM otel.otel_logs WHERE ServiceName = '" + SERVICE
                + "' GROUP BY seq HAVING c > 1 ORDER BY seq LIMIT 20")).as("records stored more than once").isEmpty();
        return stored;
    }

    @Test
    void everyAcknowledgedRecordIsStoredExactlyOnceAfterKill9MidLoad() throws Exception {
        Server first = up("data");
        BitSet acked;
        long failedBeforeKill;
        // At most 90,000 records, so the check reads them all back in one SQL answer (query.sql.maxResultRows).
        try (LoadGenerator load = new LoadGenerator(first.otlpHttpPort(), 4, 900)) {
            // Kill while the load runs, once batches have been inserted (so some are in the engine, some sealed
            // and waiting, some still open).
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (load.ackedRecords() < 20_000 || metric(get(first, "/metrics"), "pharos_ingest_inserted_records_total") == 0) {
                assertThat(System.nanoTime()).as("load did not get going").isLessThan(deadline);
                Thread.sleep(20);
            }
            failedBeforeKill = load.failed.get();
            first.process().destroyForcibly(); // SIGKILL: no shutdown hook, no flush, no fsync beyond the policy's
            assertThat(first.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(first.process().exitValue()).isEqualTo(137);
            Thread.sleep(200);
            load.close();
            acked = load.acked();
            assertThat(load.nextRequest.get()).as("the kill came while the load was running").isLessThan(900);
        }
        assertThat(failedBeforeKill).isZero();
        assertThat(first.log()).doesNotContain("stopped cleanly");

        Server second = up("data");
        BitSet stored = storedOnce(second, acked);
        assertThat(stored.cardinality()).isGreaterThanOrEqualTo(acked.cardinality());
        String metrics = get(second, "/metrics");
        assertThat(metric(metrics, "pharos_disk_buffer_replayed_records_total")).as("records found on disk at start").isPositive();
        assertThat(second.log()).contains("to insert again");
        // Records beyond the acknowledged ones may be stored too (inserted, but the answer never left), never fewer.
        System.out.printf("kill -9 mid-load: %,d records acknowledged, %,d stored, %,.0f replayed from disk%n", acked.cardinality(),
                stored.cardinality(), metric(metrics, "pharos_disk_buffer_replayed_records_total"));
        second.process().destroy();
        assertThat(second.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void aGracefulRestartKeepsEverythingAndReplaysNothing() throws Exception {
        Server first = up("data");
        BitSet acked;
        try (LoadGenerator load = new LoadGenerator(first.otlpHttpPort(), 2, 40)) {
            load.join();
            acked = load.acked();
        }
        assertThat(acked.cardinality()).isEqualTo(40 * RECORDS_PER_REQUEST);
        // SIGTERM right away: the last batch is still open; shutdown writes it and marks it done.
        first.process().destroy();
        assertThat(first.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(first.process().exitValue()).isEqualTo(143);
        assertThat(first.log()).contains("stopped cleanly");

        Server second = up("data");
        BitSet stored = storedOnce(second, acked);
        assertThat(stored).isEqualTo(acked);
        assertThat(metric(get(second, "/metrics"), "pharos_disk_buffer_replayed_records_total")).isZero();
        assertThat(metric(get(second, "/metrics"), "pharos_disk_buffer_segments")).isEqualTo(1);
        second.process().destroy();
        assertThat(second.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
}
