package dev.pharos.agent;

import static dev.pharos.agent.TestAgents.await;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two real loopback gateways: load spread by the balancer, failover, retry-later, refusals, backpressure. */
class BalancingTest {

    @TempDir
    Path tmp;

    private static List<CriWriter> writers(Path pods, int n) throws Exception {
        List<CriWriter> ws = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ws.add(new CriWriter(pods, "shop", "pod-" + i, "app", "w" + i, 80));
        }
        return ws;
    }

    private static int written(List<CriWriter> ws) {
        return ws.stream().mapToInt(CriWriter::written).sum();
    }

    /** Every record of every writer arrived exactly once, across the gateways. */
    private static void assertExactlyOnce(List<CriWriter> ws, TestGateway... gateways) {
        Set<String> seen = new HashSet<>();
        int total = 0;
        for (TestGateway g : gateways) {
            for (TestGateway.Received r : g.received()) {
                assertThat(seen.add(r.body())).as("arrived twice: %s", r.body()).isTrue();
                total++;
            }
        }
        assertThat(total).isEqualTo(written(ws));
        for (CriWriter w : ws) {
            for (int i = 0; i < w.written(); i++) {
                assertThat(seen).contains(w.body(i));
            }
        }
    }

    private static AgentSettings.Builder settings(Path tmp, TestGateway... gws) {
        return TestAgents.settings(tmp.resolve("pods"), tmp.resolve("cp"), java.util.Arrays.stream(gws).map(TestGateway::uri)
                .toArray(java.net.URI[]::new)).batchLines(20).batchAge(Duration.ofMillis(20));
    }

    @Test
    void loadIsSpreadEvenlyAndMovesOffAGatewayThatDies() throws Exception {
        List<CriWriter> ws = writers(tmp.resolve("pods"), 3);
        try (TestGateway a = TestGateway.start("a"); TestGateway b = TestGateway.start("b");
             Agent agent = Agent.start(settings(tmp, a, b).build())) {
            for (int round = 0; round < 20; round++) {
                for (CriWriter w : ws) {
                    w.write(25);
                }
                Thread.sleep(20);
            }
            int phase1 = written(ws);
            assertThat(await(10, () -> a.receivedCount() + b.receivedCount() >= phase1)).isTrue();
            double shareA = a.receivedCount() / (double) phase1;
            System.out.printf("both up: a took %d records in %d requests, b %d in %d%n", a.receivedCount(), a.requests(),
                    b.receivedCount(), b.requests());
            assertThat(shareA).as("share of gateway a while both are up").isBetween(0.3, 0.7);

            b.close();
            int bHad = b.receivedCount();
            for (int round = 0; round < 20; round++) {
                for (CriWriter w : ws) {
                    w.write(25);
                }
                Thread.sleep(20);
            }
            assertThat(await(15, () -> a.receivedCount() + bHad >= written(ws))).isTrue();
            Thread.sleep(200);
            assertExactlyOnce(ws, a, b);
            assertThat(agent.metrics().failovers()).isPositive();
            assertThat(agent.metrics().gatewayRecords("127.0.0.1:" + a.port())).isEqualTo(a.receivedCount());
        }
    }

    @Test
    void aSlowGatewayIsAskedLess() throws Exception {
        List<CriWriter> ws = writers(tmp.resolve("pods"), 2);
        try (TestGateway fast = TestGateway.start("fast"); TestGateway slow = TestGateway.start("slow");
             Agent agent = Agent.start(settings(tmp, fast, slow).build())) {
            slow.delay(60);
            for (int round = 0; round < 25; round++) {
                for (CriWriter w : ws) {
                    w.write(30);
                }
                Thread.sleep(20);
            }
            assertThat(await(15, () -> fast.receivedCount() + slow.receivedCount() >= written(ws))).isTrue();
            System.out.printf("fast took %d records, slow (60 ms) %d%n", fast.receivedCount(), slow.receivedCount());
            assertThat(fast.receivedCount()).isGreaterThan(3 * slow.receivedCount());
            assertExactlyOnce(ws, fast, slow);
        }
    }

    @Test
    void retryLaterPausesAGatewayAndARefusedBatchIsDroppedAndCounted() throws Exception {
        List<CriWriter> ws = writers(tmp.resolve("pods"), 2);
        try (TestGateway busy = TestGateway.start("busy"); TestGateway refusing = TestGateway.start("refusing")) {
            // busy answers its first request with 503 and "Retry-After: 1"; refusing answers its
            // second with 400. refusing is slower (15 ms) than busy's unmeasured estimate (10 ms),
            // so the balancer prefers busy whenever busy may be asked: its first request comes at
            // once, and the next one the moment its pause is over. Nothing is left to chance.
            List<Long> busyCallTimes = java.util.Collections.synchronizedList(new ArrayList<>());
            busy.answer(() -> {
                busyCallTimes.add(System.nanoTime());
                return busyCallTimes.size() == 1 ? 503 : 200;
            });
            busy.retryAfter("1");
            refusing.delay(15);
            AtomicInteger refusingCalls = new AtomicInteger();
            refusing.answer(() -> refusingCalls.incrementAndGet() == 2 ? 400 : 200);
            // One request at a time, so none was already on its way to busy when the 503 came back.
            try (Agent agent = Agent.start(settings(tmp, busy, refusing).maxInFlight(1).build())) {
                // Writing goes on for about 2 s, past the end of busy's pause.
                for (int round = 0; round < 50; round++) {
                    for (CriWriter w : ws) {
                        w.write(6);
                    }
                    Thread.sleep(40);
                }
                assertThat(await(10, () -> busyCallTimes.size() > 1)).as("busy is asked again after its pause").isTrue();
                long pausedMillis = (busyCallTimes.get(1) - busyCallTimes.get(0)) / 1_000_000;
                assertThat(pausedMillis).as("ms between busy's 503 and its next request").isGreaterThanOrEqualTo(950);
                assertThat(refusingCalls.get()).as("refusing took the load during the pause").isGreaterThanOrEqualTo(2);
                assertThat(await(15, () -> busy.receivedCount() + refusing.receivedCount()
                        + agent.metrics().droppedRecords("invalid") >= written(ws))).isTrue();
                long dropped = agent.metrics().droppedRecords("invalid");
                assertThat(dropped).as("the batch refused with 400").isBetween(1L, 20L);
                assertThat(agent.metrics().retries()).isGreaterThanOrEqualTo(1);
                // The refused batch does not hold the checkpoint back: every file's position reaches its end.
                assertThat(await(5, () -> agent.positions().stream().allMatch(p -> {
                    try {
                        return p.resumeOffset() == java.nio.file.Files.size(Path.of(p.path()));
                    } catch (java.io.IOException e) {
                        return false;
                    }
                }))).isTrue();
                assertThat(busy.receivedCount() + refusing.receivedCount() + dropped).isEqualTo(written(ws));
            }
        }
    }

    @Test
    void withNoGatewayReadingStopsAtTheBufferAndResumesWithoutLoss() throws Exception {
        List<CriWriter> ws = writers(tmp.resolve("pods"), 2);
        for (CriWriter w : ws) {
            w.write(2500);
        }
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        long buffer = 64 << 10;
        AgentSettings s = TestAgents.settings(tmp.resolve("pods"), tmp.resolve("cp"), java.net.URI.create("http://127.0.0.1:" + port))
                .bufferBytes(buffer).batchBytes(16 << 10).maxLineBytes(4 << 10).build();
        try (Agent agent = Agent.start(s)) {
            // Less than the first backoff (1 s): the probe after it finds the gateway started below.
            Thread.sleep(600);
            long read = agent.metrics().linesRead();
            System.out.printf("gateway down: %d of %d lines read, %d bytes buffered (limit %d)%n", read, written(ws) + written(ws) / 5,
                    agent.bufferedBytes(), buffer);
            assertThat(read).isPositive().isLessThan(written(ws) / 4);
            assertThat(agent.bufferedBytes()).isLessThan(buffer + 2 * (4 << 10));
            try (TestGateway late = TestGateway.start("late", port)) {
                assertThat(await(20, () -> late.receivedCount() >= written(ws))).isTrue();
                Thread.sleep(200);
                assertExactlyOnce(ws, late);
            }
        }
    }
}
