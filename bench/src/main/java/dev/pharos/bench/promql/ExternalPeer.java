package dev.pharos.bench.promql;

import dev.pharos.bench.Machine;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Prometheus or VictoriaMetrics from Debian, in its own process on loopback. */
final class ExternalPeer implements Peer {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final String name;
    private final Process process;
    private final int port;
    private final Path dataDir;
    private final boolean prometheus;
    private Path measured;

    private ExternalPeer(String name, Process process, int port, Path dataDir, boolean prometheus) {
        this.name = name;
        this.process = process;
        this.port = port;
        this.dataDir = dataDir;
        this.prometheus = prometheus;
        this.measured = dataDir;
    }

    static ExternalPeer prometheus(Path dir) throws Exception {
        Path data = Files.createDirectories(dir.resolve("prometheus"));
        Path config = dir.resolve("prometheus.yml");
        Files.writeString(config, "global:\n  scrape_interval: 1h\n");
        int port = freePort();
        Process p = new ProcessBuilder("prometheus", "--config.file=" + config, "--storage.tsdb.path=" + data,
                "--storage.tsdb.retention.time=100y", "--web.listen-address=127.0.0.1:" + port, "--web.enable-remote-write-receiver",
                "--web.enable-admin-api").redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
        ExternalPeer peer = new ExternalPeer("Prometheus", p, port, data, true);
        peer.await("/-/ready");
        return peer;
    }

    static ExternalPeer victoriaMetrics(Path dir) throws Exception {
        Path data = Files.createDirectories(dir.resolve("victoria-metrics"));
        int port = freePort();
        // No rollup cache: every system answers each query from its storage.
        Process p = new ProcessBuilder("victoria-metrics", "-httpListenAddr=127.0.0.1:" + port, "-storageDataPath=" + data,
                "-retentionPeriod=100y", "-search.disableCache", "-search.latencyOffset=0s")
                .redirectErrorStream(true).redirectOutput(dir.resolve("victoria-metrics.log").toFile()).start();
        ExternalPeer peer = new ExternalPeer("VictoriaMetrics", p, port, data, false);
        peer.await("/health");
        return peer;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private void await(String path) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException(name + " exited with " + process.exitValue() + "; see its log next to its data");
            }
            try {
                if (HTTP.send(HttpRequest.newBuilder(URI.create(queryUrl() + path)).build(), HttpResponse.BodyHandlers.discarding())
                        .statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // starting
            }
            Thread.sleep(100);
        }
        throw new IOException(name + " did not come up in 60 s");
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String writeUrl() {
        return queryUrl() + "/api/v1/write";
    }

    @Override
    public String queryUrl() {
        return "http://127.0.0.1:" + port;
    }

    /**
     * Prometheus keeps recent data in memory and a WAL; a snapshot writes it as a compacted block,
     * which is what its disk holds once the head is cut. VictoriaMetrics flushes and merges on request.
     */
    @Override
    public void settle() throws Exception {
        if (prometheus) {
            String body = HTTP.send(HttpRequest.newBuilder(URI.create(queryUrl() + "/api/v1/admin/tsdb/snapshot"))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString()).body();
            String snapshot = body.replaceAll("(?s).*\"name\":\"([^\"]+)\".*", "$1");
            measured = dataDir.resolve("snapshots").resolve(snapshot);
        } else {
            HTTP.send(HttpRequest.newBuilder(URI.create(queryUrl() + "/internal/force_flush")).build(), HttpResponse.BodyHandlers.discarding());
            HTTP.send(HttpRequest.newBuilder(URI.create(queryUrl() + "/internal/force_merge")).build(), HttpResponse.BodyHandlers.discarding());
            Thread.sleep(5_000);
        }
    }

    @Override
    public long diskBytes() throws IOException {
        List<Path> files = new ArrayList<>();
        try (Stream<Path> s = Files.walk(measured)) {
            s.filter(Files::isRegularFile).forEach(files::add);
        }
        long total = 0;
        for (Path f : files) {
            total += Files.size(f);
        }
        return total;
    }

    @Override
    public Duration cpuTime() {
        return Machine.cpuTime(process.pid());
    }

    @Override
    public long peakRssBytes() {
        return Machine.peakRssBytes(process.pid());
    }

    @Override
    public void close() throws Exception {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
