package dev.pharos.agent;

import static dev.pharos.agent.TestAgents.await;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The agent stopped mid-stream and started again from its checkpoints, while the containers keep writing. */
class RestartTest {

    @TempDir
    Path tmp;

    /** Writes steadily to two containers from its own thread; rotates the first by rename when told. */
    static final class Writers implements AutoCloseable {
        final CriWriter a;
        final CriWriter b;
        final AtomicBoolean rotate = new AtomicBoolean();
        private final AtomicBoolean stop = new AtomicBoolean();
        private final Thread thread;
        private volatile IOException failure;

        Writers(Path pods) throws IOException {
            a = new CriWriter(pods, "shop", "api-1", "app", "a", 60);
            b = new CriWriter(pods, "shop", "db-1", "postgres", "b", 60);
            thread = Thread.ofPlatform().start(() -> {
                int generation = 0;
                try {
                    while (!stop.get()) {
                        a.write(10);
                        b.write(10);
                        if (rotate.getAndSet(false)) {
                            a.rotateByRename(++generation);
                        }
                        Thread.sleep(5);
                    }
                } catch (IOException e) {
                    failure = e;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }

        int written() {
            return a.written() + b.written();
        }

        @Override
        public void close() throws Exception {
            stop.set(true);
            thread.join();
            if (failure != null) {
                throw failure;
            }
        }
    }

    /** How often each record of a writer arrived, by index. */
    private static Map<Integer, Integer> counts(List<TestGateway.Received> got, String prefix) {
        Map<Integer, Integer> m = new TreeMap<>();
        for (TestGateway.Received r : got) {
            if (r.body().startsWith(prefix)) {
                m.merge(CriWriter.index(r.body()), 1, Integer::sum);
            }
        }
        return m;
    }

    @Test
    void aGracefulRestartMidStreamNeitherLosesNorRepeatsARecord() throws Exception {
        Path pods = tmp.resolve("pods");
        Path checkpoints = tmp.resolve("checkpoints");
        try (TestGateway gw = TestGateway.start("gw")) {
            Writers w = new Writers(pods);
            try (w) {
                AgentSettings settings = TestAgents.settings(pods, checkpoints, gw.uri()).build();
                try (Agent first = Agent.start(settings)) {
                    assertThat(await(10, () -> gw.receivedCount() > 500)).isTrue();
                }
                int atStop = gw.receivedCount();
                // While the agent is down: more lines, and a rotation it must notice at start-up.
                Thread.sleep(200);
                w.rotate.set(true);
                Thread.sleep(200);
                try (Agent second = Agent.start(settings)) {
                    assertThat(atStop).isLessThan(w.written());
                    Thread.sleep(300);
                    w.close();
                    assertThat(await(15, () -> gw.receivedCount() >= w.written())).as("all %d records arrive", w.written()).isTrue();
                    Thread.sleep(300);
                }
            }
            List<TestGateway.Received> got = gw.received();
            assertThat(got).hasSize(w.written());
            for (CriWriter c : List.of(w.a, w.b)) {
                Map<Integer, Integer> n = counts(got, c == w.a ? "a-" : "b-");
                assertThat(n).hasSize(c.written());
                assertThat(n.values()).allMatch(v -> v == 1);
            }
        }
    }

    @Test
    void afterKillMinus9NothingIsLostAndAtMostTheLastMomentsRepeat() throws Exception {
        Path pods = tmp.resolve("pods");
        Path checkpoints = tmp.resolve("checkpoints");
        try (TestGateway gw = TestGateway.start("gw")) {
            Writers w = new Writers(pods);
            try (w) {
                Process child = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), "-cp",
                        System.getProperty("java.class.path"), AgentProcessMain.class.getName(), pods.toString(), checkpoints.toString(),
                        gw.uri().toString()).redirectErrorStream(true).redirectOutput(tmp.resolve("child.log").toFile()).start();
                try {
                    assertThat(await(20, () -> gw.receivedCount() > 1000)).as("the child agent sends").isTrue();
                    // Past its start-up burst, in steady state: then it is killed in the middle of its work.
                    Thread.sleep(700);
                    child.destroyForcibly();
                    assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();
                } finally {
                    child.destroyForcibly();
                }
                assertThat(child.exitValue()).isEqualTo(137);
                int atKill = gw.receivedCount();
                try (Agent second = Agent.start(TestAgents.settings(pods, checkpoints, gw.uri()).build())) {
                    Thread.sleep(300);
                    w.close();
                    assertThat(await(15, () -> {
                        List<TestGateway.Received> got = gw.received();
                        return counts(got, "a-").size() == w.a.written() && counts(got, "b-").size() == w.b.written();
                    })).as("every record arrives").isTrue();
                }
                List<TestGateway.Received> got = gw.received();
                long repeated = got.size() - w.written();
                // The checkpoint is written every 100 ms here: what was acknowledged after the last one is sent again, once.
                System.out.printf("kill -9 after %d records acknowledged: %d of %d records sent twice%n", atKill, repeated, w.written());
                List<Integer> counts = new ArrayList<>(counts(got, "a-").values());
                counts.addAll(counts(got, "b-").values());
                assertThat(counts).allMatch(v -> v <= 2);
                assertThat(repeated).isLessThan(atKill / 2);
            }
        }
    }
}
