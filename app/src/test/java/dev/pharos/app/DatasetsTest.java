package dev.pharos.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import dev.pharos.app.cli.Main;
import dev.pharos.app.config.ConfigException;
import dev.pharos.app.config.ConfigLoader;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.resource.v1.Resource;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Datasets and redaction through the real entry points: a config file, OTLP/HTTP in, the engine's
 * views routing rows into three tables, /api/sql and /api/logs out, {@code pharos datasets}, and a
 * restart with a changed layout.
 */
class DatasetsTest {

    private static final String CARD = "4111 1111 1111 1111";
    private static final String EMAIL = "alice.secret@example.com";
    private static final String PASSWORD = "hunter2-Sup3r";
    private static final String BEARER = "Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U";

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private String config(String serverColumns) throws Exception {
        Files.writeString(dir.resolve("hash.key"), "a-long-enough-test-key-0123456789");
        return """
                dataDir: %s
                listen: {address: 127.0.0.1, httpPort: 0}
                storage: {embedded: {memoryLimit: 2GiB, logLevel: warning}}
                otlp: {grpcPort: 0, httpPort: 0}
                ingest: {batchAge: 200ms, diskBuffer: {enabled: true}}
                auth: {mode: none}
                datasets:
                  - name: server
                    match: {service: clickhouse-server}
                    retention: 180d
                    orderBy: [ServiceName, level, TimestampTime]
                    columns:
                %s
                    indexes:
                      - {name: idx_query_id, on: query_id, type: bloom_filter(0.01)}
                    redaction: {mode: hash, hashKeyFile: %s}
                  - name: keeper
                    match: {resource.k8s.container.name: keeper, attr.component: {regex: "raft|session"}}
                    retention: 7d
                    columns:
                      - {name: user, from: attr.user}
                    processors:
                      - {type: json_body}
                      - {type: severity}
                      - {type: timestamp}
                      - {type: enrich, attributes: {team: coordination}}
                """.formatted(dir.resolve("data"), serverColumns, dir.resolve("hash.key"));
    }

    private static final String V1_COLUMNS = String.join("\n",
            "      - {name: query_id, from: attr.query_id}",
            "      - {name: thread_id, from: body.thread_id, type: UInt64}",
            "      - {name: level, from: body.level, type: LowCardinality(String)}");

    private AllInOne start(String yaml) throws Exception {
        Path file = dir.resolve("pharos.yaml");
        Files.writeString(file, yaml);
        return AllInOne.start(ConfigLoader.load(file));
    }

    @Test
    void routesExtractsProcessesAndRedactsLiveTraffic() throws Exception {
        long now = System.currentTimeMillis() * 1_000_000L;
        // The keeper line's own time, a minute before it is sent: the timestamp processor must take it.
        Instant logged = Instant.ofEpochMilli(now / 1_000_000 - 60_000);
        try (AllInOne server = start(config(V1_COLUMNS))) {
            send(server, ExportLogsServiceRequest.newBuilder()
                    .addResourceLogs(resource(List.of(kv("service.name", "clickhouse-server")),
                            record(now, "{\"thread_id\": 42, \"level\": \"Error\", \"message\": \"query failed for " + EMAIL + "\"}",
                                    kv("query_id", "q-1")),
                            record(now + 1, "{\"thread_id\": 7, \"level\": \"Information\"}", kv("query_id", "q-2"), kv("password", PASSWORD))))
                    .addResourceLogs(resource(List.of(kv("service.name", "keeper-0"), kv("k8s.container.name", "keeper")),
                            record(now, "{\"ts\": \"" + logged + "\", \"level\": \"warn\", \"msg\": \"election timeout\", \"user\": \""
                                    + EMAIL + "\"}", kv("component", "raft")),
                            record(now, "plain keeper line", kv("component", "other"))))
                    .addResourceLogs(resource(List.of(kv("service.name", "checkout")),
                            record(now, "paid with " + CARD + " auth " + BEARER, kv("user.email", EMAIL))))
                    .build());
            SdkTraffic.awaitDrained(server);

            assertThat(sql(server, "SELECT ServiceName, query_id, thread_id, level FROM otel.logs_server_v1 ORDER BY thread_id"))
                    .isEqualTo("clickhouse-server\tq-2\t7\tInformation\nclickhouse-server\tq-1\t42\tError\n");
            // Keeper: the raft record went through the processors; the other one matched no rule.
            assertThat(sql(server, "SELECT toUnixTimestamp64Milli(Timestamp), SeverityText, SeverityNumber, Body, user, LogAttributes['team'] FROM otel.logs_keeper_v1"))
                    .isEqualTo(logged.toEpochMilli() + "\tWARN\t13\telection timeout\t[REDACTED:email]\tcoordination\n");
            assertThat(sql(server, "SELECT ServiceName, Body FROM otel.otel_logs ORDER BY ServiceName"))
                    .startsWith("checkout\tpaid with [REDACTED:credit_card] auth ")
                    .contains("keeper-0\tplain keeper line");
            // Hash mode: equal secrets give equal markers, so they still correlate.
            assertThat(sql(server, "SELECT LogAttributes['password'] FROM otel.logs_server_v1 WHERE query_id = 'q-2'")).matches("\\[secret_attribute:[0-9a-f]{12}]\n");
            assertThat(sql(server, "SELECT count() FROM otel.otel_logs_all")).isEqualTo("5\n");
            // Searches read every dataset.
            JsonNode page = get(server, "/api/logs?from=" + URLEncoder.encode(Instant.ofEpochMilli(now / 1_000_000 - 3_600_000).toString(), StandardCharsets.UTF_8)
                    + "&limit=50");
            assertThat(page.path("rows").size()).isEqualTo(5);

            // No secret anywhere: not in any table (all of them, read whole), not in any file of the data directory.
            for (String table : sql(server, "SELECT name FROM system.tables WHERE database = 'otel' AND engine LIKE '%MergeTree'").split("\n")) {
                String rows = sql(server, "SELECT * FROM otel." + table);
                for (String secret : List.of(CARD, EMAIL, PASSWORD, BEARER.substring(7))) {
                    assertThat(rows).as("table %s", table).doesNotContain(secret);
                }
            }
            assertNoFileContains(dir.resolve("data"), List.of(CARD, EMAIL, PASSWORD, BEARER.substring(7)));

            String scrape = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.httpPort() + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            assertThat(scrape).contains("pharos_redactions_total{detector=\"credit_card\"} 1.0")
                    .contains("pharos_redactions_total{detector=\"secret_attribute\"} 1.0");

            String listing = runCli("datasets", "--url", "http://127.0.0.1:" + server.httpPort());
            assertThat(listing).contains("logs_server_v1").contains("logs_keeper_v1").contains("otel_logs").contains("180d").contains("7d");
        }

        // The server dataset changes layout: a new table version; old rows stay searchable next to new ones.
        String v2 = V1_COLUMNS + "\n      - {name: http_status, from: attr.http.status, type: UInt16}";
        try (AllInOne server = start(config(v2))) {
            send(server, ExportLogsServiceRequest.newBuilder().addResourceLogs(resource(List.of(kv("service.name", "clickhouse-server")),
                    record(now + 5, "{\"thread_id\": 9, \"level\": \"Debug\"}", kv("query_id", "q-3"), kv("http.status", "404")))).build());
            SdkTraffic.awaitDrained(server);
            assertThat(sql(server, "SELECT _table, query_id, http_status FROM otel.logs_server ORDER BY query_id"))
                    .isEqualTo("logs_server_v1\tq-1\t0\nlogs_server_v1\tq-2\t0\nlogs_server_v2\tq-3\t404\n");
            assertThat(sql(server, "SELECT Version, TableName, RetiredAt > 0 FROM otel.pharos_datasets FINAL WHERE Dataset = 'server' ORDER BY Version"))
                    .isEqualTo("1\tlogs_server_v1\t1\n2\tlogs_server_v2\t0\n");
            JsonNode page = get(server, "/api/logs?filter=" + URLEncoder.encode("service=clickhouse-server", StandardCharsets.UTF_8) + "&from="
                    + URLEncoder.encode(Instant.ofEpochMilli(now / 1_000_000 - 3_600_000).toString(), StandardCharsets.UTF_8));
            assertThat(page.path("rows").size()).isEqualTo(3);
            // A window before the retired version's first row does not read it at all.
            Instant before = Instant.ofEpochMilli(now / 1_000_000 - 86_400_000L);
            JsonNode old = get(server, "/api/logs?from=" + URLEncoder.encode(before.minusSeconds(3600).toString(), StandardCharsets.UTF_8)
                    + "&to=" + URLEncoder.encode(before.toString(), StandardCharsets.UTF_8));
            assertThat(old.path("sql").asText()).contains("_table IN (").contains("'logs_server_v2'").doesNotContain("'logs_server_v1'");
        }
    }

    @Test
    void badDatasetConfigsFailWithTheirNameAndField() throws Exception {
        assertThatThrownBy(() -> start(config("      - {name: query_id, from: attrs.query_id}")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("datasets[0] (server)").hasMessageContaining("unknown source 'attrs.query_id'");
        assertThatThrownBy(() -> start(config("      - {name: query_id, from: attr.q, type: Decimal(10)}")))
                .hasMessageContaining("unsupported type Decimal(10)");
        assertThatThrownBy(() -> start(config(V1_COLUMNS).replace("match: {resource.k8s.container.name: keeper, attr.component: {regex: \"raft|session\"}}",
                "match: {service: clickhouse-server, attr.component: raft}")))
                .hasMessageContaining("dataset keeper can never receive a record").hasMessageContaining("server");
        assertThatThrownBy(() -> start(config(V1_COLUMNS).replace("{type: severity}", "{type: sevrity}")))
                .hasMessageContaining("unknown processor type 'sevrity'");
        assertThatThrownBy(() -> start(config(V1_COLUMNS).replace("      - {name: user, from: attr.user}", "      - {name: user, from: body.user}")))
                .hasMessageContaining("datasets[1] (keeper)").hasMessageContaining("use from: attr.user");
        assertThatThrownBy(() -> start(config(V1_COLUMNS).replace("match: {service: clickhouse-server}", "match: {host.name: a}")))
                .hasMessageContaining("unknown match field 'host.name'");
    }

    private static void assertNoFileContains(Path root, List<String> secrets) throws Exception {
        List<byte[]> needles = secrets.stream().map(s -> s.getBytes(StandardCharsets.UTF_8)).toList();
        List<String> hits = new ArrayList<>();
        for (Path f : regularFiles(root)) {
            byte[] content;
            try {
                content = Files.readAllBytes(f);
            } catch (java.nio.file.NoSuchFileException gone) {
                continue; // the engine's temporary insert and merge files come and go
            }
            for (byte[] n : needles) {
                if (indexOf(content, n) >= 0) {
                    hits.add(f + " holds " + new String(n, StandardCharsets.UTF_8));
                }
            }
        }
        assertThat(hits).isEmpty();
    }

    /** Every file under root; a directory the engine removes during the walk makes it start again. */
    private static List<Path> regularFiles(Path root) throws Exception {
        for (int attempt = 0; ; attempt++) {
            try (Stream<Path> files = Files.walk(root)) {
                return files.filter(Files::isRegularFile).toList();
            } catch (java.io.UncheckedIOException e) {
                if (attempt == 5) {
                    throw e;
                }
                Thread.sleep(100);
            }
        }
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static String runCli(String... args) {
        PrintStream saved = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            assertThat(Main.commandLine().execute(args)).isZero();
        } finally {
            System.setOut(saved);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static void send(AllInOne server, ExportLogsServiceRequest request) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.otlpHttpPort() + "/v1/logs"))
                .header("Content-Type", "application/x-protobuf").POST(HttpRequest.BodyPublishers.ofByteArray(request.toByteArray())).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
    }

    private static String sql(AllInOne server, String sql) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.httpPort() + "/api/sql?format=TSV"))
                .POST(HttpRequest.BodyPublishers.ofString(sql)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return r.body();
    }

    private static JsonNode get(AllInOne server, String path) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.httpPort() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    private static ResourceLogs resource(List<KeyValue> attributes, LogRecord... records) {
        return ResourceLogs.newBuilder().setResource(Resource.newBuilder().addAllAttributes(attributes))
                .addScopeLogs(ScopeLogs.newBuilder().addAllLogRecords(List.of(records))).build();
    }

    private static LogRecord record(long nanos, String body, KeyValue... attributes) {
        return LogRecord.newBuilder().setTimeUnixNano(nanos).setBody(AnyValue.newBuilder().setStringValue(body))
                .addAllAttributes(List.of(attributes)).setTraceId(ByteString.EMPTY).build();
    }

    private static KeyValue kv(String key, String value) {
        return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setStringValue(value)).build();
    }
}
