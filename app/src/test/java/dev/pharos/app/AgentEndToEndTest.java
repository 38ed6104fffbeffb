package dev.pharos.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pharos.agent.Agent;
import dev.pharos.agent.AgentSettings;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The node agent against a real all-in-one server on loopback: container log files in (CRI and
 * Docker JSON, partial lines, a rotation), rows out in otel_logs, one per record, with the
 * Kubernetes attributes from the path and the log's own time.
 */
class AgentEndToEndTest {

    @TempDir
    Path tmp;

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static String sql(AllInOne server, String query) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.httpPort() + "/api/sql?format=TSV"))
                .POST(HttpRequest.BodyPublishers.ofString(query)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return r.body().strip();
    }

    private static void append(Path file, String text) throws Exception {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    /** Recent times: the gateway refuses records older than the retention. */
    private static final Instant BASE = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).minusSeconds(600);

    private static String ts(int i) {
        return BASE.plusMillis(i).toString();
    }

    @Test
    void logFilesInRowsOutWithKubernetesAttributes() throws Exception {
        Path pods = tmp.resolve("pods");
        Path cri = pods.resolve("shop_checkout-7d9f4c-x2x9z_0f0e8a1c-64c2-4c47-9d0c-7a2b4d1e9f11/app/1.log");
        Path docker = pods.resolve("kube-system_coredns-5d78c9869d-abcde_11111111-2222-3333-4444-555555555555/coredns/0.log");
        StringBuilder c = new StringBuilder();
        for (int i = 0; i < 600; i++) {
            if (i % 50 == 7) {
                c.append(ts(i)).append(" stdout P order ").append(i).append(" part one, ");
                c.append('\n').append(ts(i)).append(" stdout F part two\n");
            } else {
                c.append(ts(i)).append(i % 10 == 0 ? " stderr" : " stdout").append(" F order ").append(i).append(" placed\n");
            }
        }
        c.append("garbage that is not a CRI line\n");
        append(cri, c.toString());
        StringBuilder d = new StringBuilder();
        for (int i = 0; i < 400; i++) {
            d.append("{\"log\":\"query ").append(i).append(" A \\\"example.org\\\"\\n\",\"stream\":\"stdout\",\"time\":\"").append(ts(i))
                    .append("\"}\n");
        }
        append(docker, d.toString());

        try (AllInOne server = TestServers.start(tmp.resolve("data"))) {
            AgentSettings settings = AgentSettings.builder().podsDir(pods).checkpointDir(tmp.resolve("checkpoints"))
                    .gateways(List.of(URI.create("http://127.0.0.1:" + server.otlpHttpPort()))).scanInterval(Duration.ofMillis(100))
                    .pollInterval(Duration.ofMillis(50)).batchAge(Duration.ofMillis(100)).rotateWait(Duration.ofMillis(200)).build();
            try (Agent agent = Agent.start(settings)) {
                Thread.sleep(300);
                // A rename rotation of the CRI file while the agent runs, and more lines in the new file.
                Files.move(cri, cri.resolveSibling("1.log.20260301-120000"));
                append(cri, ts(1000) + " stdout F after the rotation\n");
                long deadline = System.nanoTime() + 30_000_000_000L;
                while (System.nanoTime() < deadline && !sql(server, "SELECT count() FROM otel.otel_logs").equals("1001")) {
                    Thread.sleep(100);
                }
                assertThat(agent.metrics().malformedLines("cri")).isEqualTo(1);
            }
            assertThat(sql(server, "SELECT count() FROM otel.otel_logs")).isEqualTo("1001");
            assertThat(sql(server, "SELECT count() FROM otel.otel_logs WHERE ResourceAttributes['k8s.namespace.name'] = 'shop'"
                    + " AND ResourceAttributes['k8s.pod.name'] = 'checkout-7d9f4c-x2x9z' AND ResourceAttributes['k8s.container.name'] = 'app'"
                    + " AND ResourceAttributes['k8s.pod.uid'] = '0f0e8a1c-64c2-4c47-9d0c-7a2b4d1e9f11'"
                    + " AND ResourceAttributes['k8s.container.restart_count'] = '1' AND ServiceName = 'app'"
                    + " AND LogAttributes['log.file.path'] = '" + cri + "'")).isEqualTo("601");
            assertThat(sql(server, "SELECT count() FROM otel.otel_logs WHERE ResourceAttributes['k8s.namespace.name'] = 'kube-system'"
                    + " AND ServiceName = 'coredns' AND LogAttributes['log.iostream'] = 'stdout'")).isEqualTo("400");
            assertThat(sql(server, "SELECT count() FROM otel.otel_logs WHERE LogAttributes['log.iostream'] = 'stderr'")).isEqualTo("60");
            // The log's own time, not the time it was read; partial lines joined into one row.
            Instant seven = Instant.parse(ts(7));
            assertThat(sql(server, "SELECT toUnixTimestamp64Nano(Timestamp) FROM otel.otel_logs WHERE Body = 'order 7 part one, part two'"))
                    .isEqualTo(Long.toString(seven.getEpochSecond() * 1_000_000_000L + seven.getNano()));
            assertThat(sql(server, "SELECT Body FROM otel.otel_logs WHERE Body LIKE 'query 399 %'")).isEqualTo("query 399 A \"example.org\"");
            assertThat(sql(server, "SELECT count() FROM otel.otel_logs WHERE Body = 'after the rotation'")).isEqualTo("1");
        }
    }
}
