package dev.pharos.receive.otlp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pharos.process.pipeline.IngestPipeline;
import dev.pharos.process.pipeline.PipelineOptions;
import dev.pharos.store.ClickHouse;
import dev.pharos.store.embedded.EmbeddedClickHouse;
import dev.pharos.store.embedded.EngineOptions;
import dev.pharos.store.schema.Retention;
import dev.pharos.store.schema.SchemaMigrator;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The real ingest stack for a test: embedded engine, schema, pipeline and OTLP receiver on free
 * ports. Retention is off so sample data with old timestamps is stored.
 */
public final class IngestHarness implements AutoCloseable {

    public static final String DB = "otel";
    private static final ObjectMapper JSON = new ObjectMapper();

    public final EmbeddedClickHouse engine;
    public final PrometheusRegistry registry = new PrometheusRegistry();
    public final IngestPipeline pipeline;
    public final OtlpReceiver receiver;

    IngestHarness(Path dataDir, UnaryOperator<ClickHouse> wrap, UnaryOperator<PipelineOptions> tune, ReceiveLimits limits) {
        engine = EmbeddedClickHouse.open(new EngineOptions(dataDir, 2L << 30, 2, "warning"));
        new SchemaMigrator(engine, DB, new Retention(0, 0, 0)).migrate();
        PipelineOptions options = PipelineOptions.defaults(DB).withBuffer(64L << 20, 15_000, 16L << 20, Duration.ofMillis(200))
                .withRetention(new Retention(0, 0, 0));
        pipeline = new IngestPipeline(wrap.apply(engine), tune.apply(options), registry);
        receiver = OtlpReceiver.start("127.0.0.1", 0, 0, pipeline, limits, registry,
                new dev.pharos.access.AccessControl(dev.pharos.access.AccessControl.Mode.NONE, null, null), null);
    }

    public IngestHarness(Path dataDir) {
        this(dataDir, c -> c, o -> o, ReceiveLimits.defaults());
    }

    public String grpcEndpoint() {
        return "http://127.0.0.1:" + receiver.ports().get(0);
    }

    public String httpEndpoint() {
        return "http://127.0.0.1:" + receiver.ports().get(1);
    }

    /** Seals open batches and waits until everything accepted is inserted (or counted as dropped). */
    public void awaitDrained() {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            pipeline.flush();
            if (pipeline.drained()) {
                return;
            }
            sleep(20);
        }
        throw new AssertionError("pipeline did not drain in 30 s; buffered bytes " + pipeline.bufferedBytes());
    }

    /** Rows of a query as JSON objects (JSONEachRow). */
    public List<JsonNode> rows(String sql) {
        String text = engine.query(sql, "JSONEachRow").text();
        List<JsonNode> out = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (!line.isBlank()) {
                try {
                    out.add(JSON.readTree(line));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        return out;
    }

    public long count(String table) {
        return Long.parseLong(engine.query("SELECT count() FROM " + DB + "." + table, "TSV").text().strip());
    }

    /** The value of a counter with the given labels, 0 when it was never incremented. */
    public double counter(String name, String... labelPairs) {
        Labels wanted = Labels.of(labelPairs);
        for (MetricSnapshot s : registry.scrape()) {
            if (s instanceof CounterSnapshot c && s.getMetadata().getPrometheusName().equals(name.replace("_total", ""))) {
                return c.getDataPoints().stream().filter(d -> d.getLabels().equals(wanted)).mapToDouble(d -> d.getValue()).sum();
            }
        }
        return 0;
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @Override
    public void close() {
        receiver.close();
        pipeline.close();
        engine.close();
    }
}
