package dev.pharos.receive.otlp;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.exporter.otlp.http.logs.OtlpHttpLogRecordExporter;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.common.export.RetryPolicy;
import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import io.opentelemetry.sdk.logs.export.SimpleLogRecordProcessor;
import io.opentelemetry.sdk.resources.Resource;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine stops taking writes for a while. In the default (reject) mode the buffer fills up to
 * its budget, senders get retryable errors, nothing accepted is lost, and ingestion resumes by
 * itself when the engine is back. A retried batch whose first insert did commit is not stored twice.
 */
@TestMethodOrder(org.junit.jupiter.api.MethodOrderer.OrderAnnotation.class)
class EngineOutageTest {

    static final long BUFFER = 8L << 20;

    @TempDir
    static Path dataDir;

    static IngestHarness h;
    static FlakyClickHouse flaky;
    static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        h = new IngestHarness(dataDir, c -> flaky = new FlakyClickHouse(c),
                o -> o.withBuffer(BUFFER, 2_000, 1L << 20, Duration.ofMillis(100)), new ReceiveLimits(1 << 20, 4 << 20, 64, 2));
    }

    @AfterAll
    static void stop() {
        if (h != null) {
            h.close();
        }
    }

    static HttpResponse<byte[]> postLogs(byte[] body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(h.httpEndpoint() + "/v1/logs"))
                .header("Content-Type", "application/x-protobuf").POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    @Order(1)
    void outageFillsTheBufferToItsBudgetThenSendersAreToldToRetryAndNothingAcceptedIsLost() throws Exception {
        flaky.down = true;
        byte[] request = Payloads.logs("outage", "x".repeat(200), 500).toByteArray();
        int accepted = 0;
        HttpResponse<byte[]> refused = null;
        long peak = 0;
        for (int i = 0; i < 400 && refused == null; i++) {
            HttpResponse<byte[]> r = postLogs(request);
            peak = Math.max(peak, h.pipeline.bufferedBytes());
            if (r.statusCode() == 200) {
                accepted++;
            } else {
                refused = r;
            }
        }
        assertThat(refused).as("the buffer never filled").isNotNull();
        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(refused.headers().firstValue("Retry-After")).hasValue("5");
        assertThat(com.google.rpc.Status.parseFrom(refused.body()).getMessage()).contains("not accepting writes");
        assertThat(accepted).isPositive();
        // Bounded: the budget, plus at most one request per decode thread admitted just under it.
        assertThat(peak).isLessThanOrEqualTo(BUFFER + 2L * (4 << 20));
        assertThat(flaky.refused.get()).isPositive();

        assertThat(h.counter("pharos_ingest_dropped_records_total", "reason", "buffer_full", "signal", "logs")).isZero();

        // The engine comes back: the buffer drains by itself and every accepted record is in the table.
        int insertsBefore = flaky.inserts.get();
        int blocksBefore = flaky.blocks.get();
        flaky.down = false;
        h.awaitDrained();
        assertThat(h.count("otel_logs WHERE ServiceName = 'outage'")).isEqualTo(accepted * 500L);
        // The batches that piled up during the outage went in a few at a time, not one insert each.
        assertThat(flaky.blocks.get() - blocksBefore).as("batches inserted after the outage").isGreaterThan(8);
        assertThat(flaky.inserts.get() - insertsBefore).as("inserts they took")
                .isLessThanOrEqualTo((flaky.blocks.get() - blocksBefore + 7) / 8 + 1);
        assertThat(postLogs(request).statusCode()).isEqualTo(200);
        h.awaitDrained();
        assertThat(h.count("otel_logs WHERE ServiceName = 'outage'")).isEqualTo((accepted + 1) * 500L);
        assertThat(h.counter("pharos_ingest_insert_retries_total", "table", "otel_logs_ingest")).isPositive();
    }

    @Test
    @Order(2)
    void theOtelSdkRetriesThroughAnOutageAndItsDataArrivesOnce() throws Exception {
        flaky.down = true;
        // Fill the buffer so the SDK's export is refused.
        byte[] filler = Payloads.logs("filler", "y".repeat(200), 500).toByteArray();
        int filled = 0;
        while (postLogs(filler).statusCode() == 200) {
            filled++;
        }
        OtlpHttpLogRecordExporter exporter = OtlpHttpLogRecordExporter.builder().setEndpoint(h.httpEndpoint() + "/v1/logs")
                .setRetryPolicy(RetryPolicy.builder().setMaxAttempts(5).setInitialBackoff(Duration.ofMillis(500))
                        .setMaxBackoff(Duration.ofSeconds(2)).build())
                .build();
        try (SdkLoggerProvider provider = SdkLoggerProvider.builder()
                .setResource(Resource.create(Attributes.of(io.opentelemetry.api.common.AttributeKey.stringKey("service.name"), "sdk-retry")))
                .addLogRecordProcessor(SimpleLogRecordProcessor.create(exporter)).build()) {
            provider.get("t").logRecordBuilder().setBody("survived the outage").emit();
            Thread.ofVirtual().start(() -> {
                IngestHarness.sleep(1_500);
                flaky.down = false;
            });
            CompletableResultCode flushed = provider.forceFlush().join(30, TimeUnit.SECONDS);
            assertThat(flushed.isSuccess()).isTrue();
        }
        h.awaitDrained();
        assertThat(h.count("otel_logs WHERE ServiceName = 'sdk-retry'")).isEqualTo(1);
        assertThat(h.count("otel_logs WHERE ServiceName = 'filler'")).isEqualTo(filled * 500L);
        assertThat(h.counter("pharos_receive_requests_total", "outcome", "overloaded", "signal", "logs", "transport", "http")).isPositive();
    }

    @Test
    @Order(3)
    void aBatchWhoseAcknowledgementWasLostIsRetriedButStoredOnce() throws Exception {
        double retriesBefore = h.counter("pharos_ingest_insert_retries_total", "table", "otel_logs_ingest");
        flaky.loseNextAck.set(true);
        assertThat(postLogs(Payloads.logs("dedup", "once", 300).toByteArray()).statusCode()).isEqualTo(200);
        h.awaitDrained();
        assertThat(flaky.loseNextAck.get()).isFalse();
        assertThat(h.counter("pharos_ingest_insert_retries_total", "table", "otel_logs_ingest")).isEqualTo(retriesBefore + 1);
        assertThat(h.count("otel_logs WHERE ServiceName = 'dedup'")).isEqualTo(300);
    }

    @Test
    @Order(4)
    void batchesThatPiledUpGoTogetherAndARefusedGroupIsRetriedBatchByBatchSoOnlyTheBadOneIsDropped() throws Exception {
        double droppedBefore = h.counter("pharos_ingest_dropped_records_total", "reason", "insert_failed", "signal", "logs");
        flaky.down = true;
        flaky.poison = "POISON";
        try {
            // 12 requests of 500 records, each sealed alone (the batch age is 100 ms); the 7th cannot be stored.
            for (int i = 0; i < 12; i++) {
                byte[] body = Payloads.logs("grouped", i == 6 ? "POISON" : "fine " + i, 500).toByteArray();
                assertThat(postLogs(body).statusCode()).isEqualTo(200);
                Thread.sleep(150);
            }
            int insertsBefore = flaky.inserts.get();
            flaky.down = false;
            h.awaitDrained();
            assertThat(h.count("otel_logs WHERE ServiceName = 'grouped'")).isEqualTo(11 * 500L);
            assertThat(h.count("otel_logs WHERE Body = 'POISON'")).isZero();
            assertThat(h.counter("pharos_ingest_dropped_records_total", "reason", "insert_failed", "signal", "logs"))
                    .isEqualTo(droppedBefore + 500);
            // Grouped: the refused group was split, yet the 11 good batches took fewer than 11 inserts.
            assertThat(flaky.inserts.get() - insertsBefore).isLessThan(11);
        } finally {
            flaky.poison = null;
        }
    }
}
