package dev.pharos.receive.otlp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pharos.process.pipeline.Overflow;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** LogHouse's mode: during an outage keep accepting, drop the oldest batches, and count every dropped record. */
class DropOldestTest {

    static final long BUFFER = 8L << 20;

    @TempDir
    static Path dataDir;

    static IngestHarness h;
    static FlakyClickHouse flaky;

    @BeforeAll
    static void start() {
        h = new IngestHarness(dataDir, c -> flaky = new FlakyClickHouse(c),
                o -> o.withBuffer(BUFFER, 2_000, 1L << 20, Duration.ofMillis(100)).withOverflow(Overflow.DROP_OLDEST),
                new ReceiveLimits(1 << 20, 4 << 20, 64, 2));
    }

    @AfterAll
    static void stop() {
        if (h != null) {
            h.close();
        }
    }

    @Test
    void outageKeepsAcceptingWithinBudgetDropsOldestAndAccountsForEveryRecord() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        flaky.down = true;
        long peak = 0;
        int requests = 150;
        for (int i = 0; i < requests; i++) {
            byte[] body = Payloads.logs("drop-" + i, "z".repeat(200), 500).toByteArray();
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(h.httpEndpoint() + "/v1/logs"))
                    .header("Content-Type", "application/x-protobuf").POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            peak = Math.max(peak, h.pipeline.bufferedBytes());
            // Let the age limit seal batches, as time passes in a real outage.
            IngestHarness.sleep(5);
        }
        assertThat(peak).isLessThanOrEqualTo(BUFFER + 2L * (4 << 20));
        double dropped = h.counter("pharos_ingest_dropped_records_total", "reason", "buffer_full", "signal", "logs");
        assertThat(dropped).isPositive();

        flaky.down = false;
        h.awaitDrained();
        long stored = h.count("otel_logs");
        assertThat(stored + (long) dropped).isEqualTo(requests * 500L);
        assertThat(h.counter("pharos_ingest_accepted_records_total", "signal", "logs")).isEqualTo(requests * 500.0);
        // The oldest went first: the last request is all there; the batches right after the one the inserter
        // was retrying (the first) are gone.
        assertThat(h.count("otel_logs WHERE ServiceName = 'drop-" + (requests - 1) + "'")).isEqualTo(500);
        assertThat(h.count("otel_logs WHERE ServiceName IN ('drop-8', 'drop-9', 'drop-10', 'drop-11')")).isZero();
    }
}
