package dev.pharos.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs `pharos up` as a real process and checks it from outside, as a user would. */
class ServerProcessTest {

    /** The newest schema version this build has, so the test follows new migrations. */
    private static final int LATEST_SCHEMA = new dev.pharos.store.schema.SchemaMigrator(null, "otel",
            dev.pharos.store.schema.Retention.DEFAULT).migrations().stream().mapToInt(dev.pharos.store.schema.Migration::version).max().orElseThrow();

    private static final Pattern HTTP_LINE = Pattern.compile("  HTTP\\s+http://127\\.0\\.0\\.1:(\\d+)");
    private static final Pattern OTLP_HTTP_LINE = Pattern.compile("OTLP/HTTP\\s+http://127\\.0\\.0\\.1:(\\d+)");

    @TempDir
    Path workDir;

    private final List<Process> started = new ArrayList<>();
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void killLeftovers() {
        started.forEach(Process::destroyForcibly);
    }

    /** A process's stdout or stderr, captured in a file so nothing is lost when the process exits. */
    record Output(Path file) {
        String text() {
            try {
                return java.nio.file.Files.exists(file) ? java.nio.file.Files.readString(file) : "";
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        @Override
        public String toString() {
            return text();
        }
    }

    /** A spawned process and where its output goes. */
    record Spawned(Process process, Output stdout, Output stderr) {}

    /** A started server process with its captured output. */
    record Server(Process process, int port, int otlpHttpPort, Output stdout, Output stderr) {}

    private int spawnCount;

    private Spawned spawn(String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(
                ProcessHandle.current().info().command().orElseThrow(),
                "--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow",
                "-Dpharos.chdb.lib=" + System.getProperty("pharos.chdb.lib"),
                "-cp", System.getProperty("java.class.path"),
                "dev.pharos.app.cli.Main"));
        cmd.addAll(List.of(args));
        int n = ++spawnCount;
        Output out = new Output(workDir.resolve("process-" + n + ".out"));
        Output err = new Output(workDir.resolve("process-" + n + ".err"));
        Process p = new ProcessBuilder(cmd).directory(workDir.toFile())
                .redirectOutput(out.file().toFile()).redirectError(err.file().toFile()).start();
        started.add(p);
        // Bytes waiting on stdin, as a shell pipe or a supervisor may leave them: the engine must
        // never take them for insert data (it appended them to every insert, see DetachedStdin).
        p.getOutputStream().write("bytes left on stdin\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        p.getOutputStream().flush();
        return new Spawned(p, out, err);
    }

    private Server up(String dataDir) throws Exception {
        Spawned s = spawn("up", "--data", dataDir, "--http-port", "0", "--otlp-grpc-port", "0", "--otlp-http-port", "0",
                "--memory-limit", "1GiB");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            Matcher m = HTTP_LINE.matcher(s.stdout().text());
            Matcher otlp = OTLP_HTTP_LINE.matcher(s.stdout().text());
            if (m.find() && otlp.find()) {
                return new Server(s.process(), Integer.parseInt(m.group(1)), Integer.parseInt(otlp.group(1)), s.stdout(), s.stderr());
            }
            assertThat(s.process().isAlive()).as("server died: %s", s.stderr()).isTrue();
            Thread.sleep(50);
        }
        throw new AssertionError("server did not print its URL; stderr: " + s.stderr());
    }

    private HttpResponse<String> get(int port, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void upServesReadinessWithTheOtelTablesRefusesASecondServerOnTheSameDataAndStopsCleanlyOnSigterm() throws Exception {
        Server first = up("data");
        HttpResponse<String> ready = get(first.port(), "/readyz");
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(ready.body()).contains("\"status\":\"ready\"").contains("\"otel_logs\"").contains("\"otel_traces\"")
                .contains("\"otel_metrics_histogram\"").contains("\"schemaVersion\":" + LATEST_SCHEMA);
        assertThat(get(first.port(), "/healthz").statusCode()).isEqualTo(200);
        HttpResponse<String> metrics = get(first.port(), "/metrics");
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).contains("jvm_memory_used_bytes").contains("pharos_engine_memory_bytes")
                .contains("pharos_engine_parts{table=\"pharos_schema_migrations\"}");
        // The audit trail is written with literal rows, with those bytes still on stdin.
        assertThat(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + first.port() + "/api/sql"))
                .POST(HttpRequest.BodyPublishers.ofString("SELECT 'stdin-check'")).build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
        SdkTraffic.eventually(() -> assertThat(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + first.port()
                + "/api/sql?format=TSV")).POST(HttpRequest.BodyPublishers.ofString(
                "SELECT count() FROM otel.pharos_audit WHERE Statement LIKE '%stdin-check%' AND Statement NOT LIKE '%pharos_audit%'"))
                .build(), HttpResponse.BodyHandlers.ofString()).body().trim()).isEqualTo("1"));

        // Same data directory while the first runs: a clear refusal, and the first is unharmed.
        Spawned second = spawn("up", "--data", "data", "--http-port", "0", "--otlp-grpc-port", "0", "--otlp-http-port", "0");
        assertThat(second.process().waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(second.process().exitValue()).isEqualTo(2);
        assertThat(second.stderr().text()).contains("is in use by another Pharos process").doesNotContain("Exception");
        assertThat(get(first.port(), "/readyz").statusCode()).isEqualTo(200);

        // SIGTERM: shutdown hooks close HTTP and every engine connection; no abort (134) or crash.
        first.process().destroy();
        assertThat(first.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(first.process().exitValue()).isEqualTo(143);
        assertThat(first.stderr().text()).contains("embedded ClickHouse engine closed").contains("stopped cleanly");

        // Restart on the same data: fast, nothing to migrate, still ready.
        Server again = up("data");
        assertThat(get(again.port(), "/readyz").statusCode()).isEqualTo(200);
        assertThat(again.stderr().toString()).contains("schema at version " + LATEST_SCHEMA + " (applied now: [])");
        again.process().destroy();
        assertThat(again.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
    }

    private HttpResponse<String> postLogs(Server server, String body, int records) throws Exception {
        long now = System.currentTimeMillis() * 1_000_000L;
        StringBuilder logs = new StringBuilder();
        for (int i = 0; i < records; i++) {
            logs.append(i == 0 ? "" : ",").append("{\"timeUnixNano\":\"").append(now + i).append("\",\"body\":{\"stringValue\":\"")
                    .append(body).append("\"}}");
        }
        String json = "{\"resourceLogs\":[{\"resource\":{\"attributes\":[{\"key\":\"service.name\",\"value\":{\"stringValue\":"
                + "\"cli-test\"}}]},\"scopeLogs\":[{\"logRecords\":[" + logs + "]}]}]}";
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.otlpHttpPort() + "/v1/logs"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void otlpLogsSentToTheServerSurviveSigtermAndKill9OnceInserted() throws Exception {
        // SIGTERM right after the acknowledgement: the batch is still open (5 s age), shutdown writes it.
        Server first = up("data3");
        HttpResponse<String> r = postLogs(first, "before sigterm", 5);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("{}");
        first.process().destroy();
        assertThat(first.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(first.process().exitValue()).isEqualTo(143);

        // kill -9 once the insert has returned (the inserted counter says so): the rows are on disk.
        Server second = up("data3");
        assertThat(postLogs(second, "before kill -9", 7).statusCode()).isEqualTo(200);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!get(second.port(), "/metrics").body().contains("pharos_ingest_inserted_records_total{signal=\"logs\"} 7.0")) {
            assertThat(System.nanoTime()).as("logs not inserted in 30 s").isLessThan(deadline);
            Thread.sleep(100);
        }
        second.process().destroyForcibly();
        assertThat(second.process().waitFor(30, TimeUnit.SECONDS)).isTrue();

        try (var engine = dev.pharos.store.embedded.EmbeddedClickHouse.open(
                new dev.pharos.store.embedded.EngineOptions(workDir.resolve("data3"), 1L << 30, 1, "warning"))) {
            assertThat(engine.query("SELECT Body, count() FROM otel.otel_logs WHERE ServiceName = 'cli-test' GROUP BY Body ORDER BY Body",
                    "TSV").text()).isEqualTo("before kill -9\t7\nbefore sigterm\t5\n");
        }
    }

    @Test
    void refusesToListenBeyondLoopbackWithoutAuthentication() throws Exception {
        Spawned s = spawn("up", "--data", "data2", "--listen", "0.0.0.0");
        assertThat(s.process().waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(s.process().exitValue()).isEqualTo(2);
        assertThat(s.stderr().text()).contains("refusing to listen on 0.0.0.0 without authentication");
    }
}
