package dev.pharos.agent;

import static dev.pharos.agent.TestAgents.await;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real files written and rotated by the test while the agent runs, a real loopback gateway:
 * every record arrives exactly once, and in the order it was written, per container.
 */
class TailingTest {

    @TempDir
    Path tmp;

    private static String get(String url) throws Exception {
        return java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(url)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString()).body();
    }

    @Test
    void everyRecordArrivesOnceAndInOrderThroughRenameAndCopytruncateRotationDeletionAndNewFiles() throws Exception {
        Path pods = tmp.resolve("pods");
        try (TestGateway gw = TestGateway.start("gw")) {
            CriWriter renamed = new CriWriter(pods, "shop", "web-7d9f-x2", "app", "rename", 40);
            CriWriter truncated = new CriWriter(pods, "shop", "worker-5c-z1", "job", "truncate", 40);
            CriWriter deleted = new CriWriter(pods, "kube-system", "dns-1", "coredns", "delete", 40);
            CriWriter late = new CriWriter(pods, "shop", "late-1", "app", "late", 40);
            for (CriWriter w : List.of(renamed, truncated, deleted)) {
                w.write(100);
            }
            // One request at a time: arrival order is then the agent's sending order, which must be each file's order.
            AgentSettings settings = TestAgents.settings(pods, tmp.resolve("checkpoints"), gw.uri()).maxInFlight(1).metricsPort(0).build();
            try (Agent agent = Agent.start(settings)) {
                for (int round = 0; round < 20; round++) {
                    renamed.write(40);
                    truncated.write(40);
                    if (round < 17) {
                        deleted.write(40);
                    }
                    if (round == 17) {
                        Files.delete(deleted.file());
                    }
                    if (round >= 10) {
                        late.write(25);
                    }
                    switch (round) {
                        case 3 -> renamed.writeSlowly(60);
                        case 5, 12 -> renamed.rotateByRename(round);
                        case 8, 15 -> truncated.rotateByCopyTruncate(round);
                        default -> { }
                    }
                    Thread.sleep(25);
                }
                int total = renamed.written() + truncated.written() + deleted.written() + late.written();
                assertThat(await(20, () -> gw.receivedCount() >= total)).as("all %d records arrive", total).isTrue();
                Thread.sleep(300);
                assertThat(gw.receivedCount()).as("nothing arrives twice").isEqualTo(total);
                assertThat(agent.metrics().rotations("rename")).isEqualTo(2);
                assertThat(agent.metrics().rotations("truncate")).isEqualTo(2);
                assertThat(agent.metrics().rotations("delete")).isEqualTo(1);
                assertThat(agent.metrics().malformedLines("cri")).isZero();
                // The deleted file and the rotated-away ones are forgotten once delivered: three paths left, one file each.
                assertThat(await(5, () -> agent.positions().size() == 3)).as("files tracked: %s", agent.positions()).isTrue();
                String metrics = get("http://127.0.0.1:" + agent.metricsPort() + "/metrics");
                assertThat(metrics).contains("pharos_agent_records_sent_total " + total + ".0")
                        .contains("pharos_agent_rotations_total{kind=\"truncate\"} 2.0")
                        .contains("pharos_agent_gateway_records_total{gateway=\"127.0.0.1:" + gw.port() + "\"} " + total + ".0")
                        .contains("pharos_agent_files_tracked 3").contains("pharos_agent_buffer_bytes 0")
                        .contains("pharos_agent_gateway_up{gateway=\"127.0.0.1:" + gw.port() + "\"} 1");
                assertThat(get("http://127.0.0.1:" + agent.metricsPort() + "/healthz")).isEqualTo("ok\n");
            }
            List<TestGateway.Received> got = gw.received();
            for (CriWriter w : List.of(renamed, truncated, deleted, late)) {
                String prefix = w.body(0).substring(0, w.body(0).indexOf('-') + 1);
                List<TestGateway.Received> mine = got.stream().filter(r -> r.body().startsWith(prefix)).toList();
                assertThat(mine.stream().map(r -> CriWriter.index(r.body())).toList()).as(w.file().toString())
                        .isEqualTo(IntStream.range(0, w.written()).boxed().toList());
                for (TestGateway.Received r : mine) {
                    int i = CriWriter.index(r.body());
                    assertThat(r.body()).isEqualTo(w.body(i));
                    assertThat(r.timeUnixNanos()).isEqualTo(CriWriter.timeOf(i));
                    assertThat(r.path()).isEqualTo(w.file().toString());
                    assertThat(r.attributes().get("log.iostream")).isEqualTo(w.stream(i));
                }
            }
            TestGateway.Received one = got.stream().filter(r -> r.body().startsWith("truncate-")).findFirst().orElseThrow();
            assertThat(one.resource()).containsAllEntriesOf(Map.of("k8s.namespace.name", "shop", "k8s.pod.name", "worker-5c-z1",
                    "k8s.container.name", "job", "k8s.container.restart_count", "0", "service.name", "job"));
            assertThat(one.resource().get("k8s.pod.uid")).startsWith("0c1d2e3f-");
        }
    }

}
