package dev.pharos.bench.promql;

import dev.pharos.bench.ServerUnderTest;
import dev.pharos.store.embedded.EmbeddedClickHouse;
import dev.pharos.store.embedded.EngineOptions;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

/** Pharos in its own process ({@code pharos up}), written to and asked like the others. */
final class PharosPeer implements Peer {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final Path data;
    private ServerUnderTest server;

    PharosPeer(Path dir) throws Exception {
        this.data = dir.resolve("pharos");
        this.server = ServerUnderTest.start(data, false, "4GiB", 100_000);
    }

    @Override
    public String name() {
        return "Pharos";
    }

    @Override
    public String writeUrl() {
        return "http://127.0.0.1:" + server.otlpHttpPort() + "/api/v1/write";
    }

    @Override
    public String queryUrl() {
        return "http://127.0.0.1:" + server.httpPort();
    }

    /**
     * Waits until every accepted sample is inserted; then, as the others are flushed and force-merged,
     * stops the server, merges the Prometheus tables to one part per partition with the engine on
     * the same data directory (what background merges reach after a while), and starts it again.
     */
    @Override
    public void settle() throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (System.nanoTime() < deadline) {
            String m = server.metrics();
            double accepted = ServerUnderTest.value(m, "pharos_ingest_accepted_records_total", "signal=\"prometheus\"");
            // Inserted rows count the series rows too: at least as many as the samples accepted once all are in.
            double inserted = ServerUnderTest.value(m, "pharos_ingest_inserted_records_total", "signal=\"prometheus\"");
            if (accepted > 0 && inserted >= accepted) {
                break;
            }
            Thread.sleep(200);
        }
        server.close();
        try (EmbeddedClickHouse engine = EmbeddedClickHouse.open(new EngineOptions(data, 4L << 30, 1, "warning"))) {
            engine.execute("OPTIMIZE TABLE otel.prom_samples FINAL");
            engine.execute("OPTIMIZE TABLE otel.prom_series FINAL");
        }
        server = ServerUnderTest.start(data, false, "4GiB", 100_000);
    }

    @Override
    public long diskBytes() throws Exception {
        String sql = "SELECT sum(bytes_on_disk) FROM system.parts WHERE database = 'otel' AND table IN ('prom_samples', 'prom_series') AND active";
        String body = HTTP.send(HttpRequest.newBuilder(URI.create(queryUrl() + "/api/sql?format=TSV&query=" + URLEncoder.encode(sql,
                StandardCharsets.UTF_8))).build(), HttpResponse.BodyHandlers.ofString()).body();
        return Long.parseLong(body.strip());
    }

    @Override
    public Duration cpuTime() {
        return server.cpuTime();
    }

    @Override
    public long peakRssBytes() {
        return server.peakRssBytes();
    }

    @Override
    public void close() throws Exception {
        server.close();
    }
}
