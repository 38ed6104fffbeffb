package dev.pharos.receive.otlp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pharos.access.Tenants;
import dev.pharos.process.pipeline.IngestPipeline;
import dev.pharos.process.pipeline.Overflow;
import dev.pharos.process.pipeline.PipelineOptions;
import dev.pharos.process.pipeline.Ticket;
import dev.pharos.process.pipeline.durable.DiskBufferOptions;
import dev.pharos.process.pipeline.durable.FsyncPolicy;
import dev.pharos.store.embedded.EmbeddedClickHouse;
import dev.pharos.store.embedded.EngineOptions;
import dev.pharos.store.schema.Retention;
import dev.pharos.store.schema.SchemaMigrator;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real engine's side of the disk buffer's replay: batches inserted before a crash but not yet
 * marked done on disk are inserted again at the restart, with the same rows and token, and the
 * engine's insert deduplication drops them, so nothing is stored twice.
 */
class DiskBufferReplayTest {

    @TempDir
    static Path dir;

    static EmbeddedClickHouse engine;
    static FlakyClickHouse flaky;

    @BeforeAll
    static void start() {
        engine = EmbeddedClickHouse.open(new EngineOptions(dir.resolve("data"), 1L << 30, 1, "warning"));
        new SchemaMigrator(engine, IngestHarness.DB, new Retention(0, 0, 0)).migrate();
        flaky = new FlakyClickHouse(engine);
    }

    @AfterAll
    static void stop() {
        if (engine != null) {
            engine.close();
        }
    }

    static IngestPipeline pipeline(dev.pharos.store.ClickHouse clickHouse, Path wal) {
        PipelineOptions options = new PipelineOptions(IngestHarness.DB, 500, 16L << 20, Duration.ofSeconds(30), 64L << 20, Overflow.REJECT,
                1024, new Retention(0, 0, 0), 2, Duration.ofSeconds(2), 64, null);
        return new IngestPipeline(clickHouse, options, new PrometheusRegistry(),
                new DiskBufferOptions(wal, FsyncPolicy.ALWAYS, Duration.ofMillis(100), 1L << 30, 1L << 20));
    }

    static void awaitDrained(IngestPipeline p) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!p.drained()) {
            assertThat(System.nanoTime()).as("pipeline did not drain").isLessThan(deadline);
            p.flush();
            Thread.sleep(20);
        }
    }

    long count(String where) {
        return Long.parseLong(engine.query("SELECT count() FROM otel.otel_logs WHERE " + where, "TSV").text().strip());
    }

    @Test
    void replayingBatchesTheEngineAlreadyHasStoresNothingTwice() throws Exception {
        IngestPipeline a = pipeline(flaky, dir.resolve("wal"));
        flaky.down = true;
        for (int r = 0; r < 10; r++) {
            byte[] body = Payloads.logs("replay", "request " + r, 200).toByteArray();
            Ticket t = a.admit(body.length);
            assertThat(a.submitLogs(body, body.length, t, Tenants.all())).isInstanceOf(IngestPipeline.Outcome.Accepted.class);
        }
        a.flush();
        // The disk as kill -9 would leave it right before the inserts: every batch sealed, none done.
        Files.createDirectories(dir.resolve("crash"));
        try (var files = Files.list(dir.resolve("wal"))) {
            for (Path p : files.filter(p -> p.toString().endsWith(".wal")).toList()) {
                Files.copy(p, dir.resolve("crash").resolve(p.getFileName()));
            }
        }
        flaky.down = false;
        awaitDrained(a);
        a.close();
        assertThat(count("ServiceName = 'replay'")).isEqualTo(2000);

        // The process "died" after those inserts: the restart reads the older disk state and inserts every batch again.
        IngestPipeline b = pipeline(engine, dir.resolve("crash"));
        assertThat(b.diskBuffer().recovered()).hasSizeGreaterThanOrEqualTo(4);
        awaitDrained(b);
        b.close();
        assertThat(count("ServiceName = 'replay'")).isEqualTo(2000);
        assertThat(engine.query("SELECT Body, LogAttributes['i'] AS i, count() AS c FROM otel.otel_logs WHERE ServiceName = 'replay' "
                + "GROUP BY Body, i HAVING c > 1 LIMIT 5", "TSV").text()).isEmpty();
    }

    @Test
    void aBatchOpenAtTheCrashIsStoredOnceEvenIfTheRestartIsInterruptedAfterItsInsert() throws IOException, InterruptedException {
        IngestPipeline a = pipeline(flaky, dir.resolve("wal2"));
        flaky.down = true;
        byte[] body = Payloads.logs("open-at-crash", "kept", 300).toByteArray();
        assertThat(a.submitLogs(body, body.length, a.admit(body.length), Tenants.all())).isInstanceOf(IngestPipeline.Outcome.Accepted.class);
        Files.createDirectories(dir.resolve("crash2"));
        try (var files = Files.list(dir.resolve("wal2"))) {
            for (Path p : files.filter(p -> p.toString().endsWith(".wal")).toList()) {
                Files.copy(p, dir.resolve("crash2").resolve(p.getFileName()));
            }
        }
        a.close(); // its batch stays on disk of wal2; crash2 is what a kill -9 left

        // The first restart seals the open batch with a new token (on disk before any insert) and inserts it; it "crashes"
        // after that insert but before the DONE record: the next restart starts from a copy taken right after the seal.
        IngestPipeline b = pipeline(flaky, dir.resolve("crash2"));
        Files.createDirectories(dir.resolve("crash3"));
        try (var files = Files.list(dir.resolve("crash2"))) {
            for (Path p : files.filter(p -> p.toString().endsWith(".wal")).toList()) {
                Files.copy(p, dir.resolve("crash3").resolve(p.getFileName()));
            }
        }
        flaky.down = false;
        awaitDrained(b);
        assertThat(count("ServiceName = 'open-at-crash'")).isEqualTo(300);
        b.close();
        IngestPipeline c = pipeline(engine, dir.resolve("crash3"));
        assertThat(c.diskBuffer().recovered()).hasSize(1);
        awaitDrained(c);
        c.close();
        assertThat(count("ServiceName = 'open-at-crash'")).isEqualTo(300);
    }
}
