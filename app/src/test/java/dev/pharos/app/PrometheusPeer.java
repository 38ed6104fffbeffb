package dev.pharos.app;

import static org.assertj.core.api.Assertions.assertThat;

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

/** A real Debian Prometheus (or node exporter) process on loopback, for side-by-side tests. */
final class PrometheusPeer implements AutoCloseable {

    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    final Process process;
    final int port;

    private PrometheusPeer(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** The node exporter with a few cheap collectors. */
    static PrometheusPeer nodeExporter(Path dir) throws Exception {
        int port = freePort();
        Process p = new ProcessBuilder("/usr/bin/prometheus-node-exporter", "--web.listen-address=127.0.0.1:" + port,
                "--collector.disable-defaults", "--collector.cpu", "--collector.meminfo", "--collector.loadavg", "--collector.stat")
                .redirectErrorStream(true).redirectOutput(dir.resolve("node-exporter.log").toFile()).start();
        PrometheusPeer peer = new PrometheusPeer(p, port);
        peer.awaitHttp("/metrics");
        return peer;
    }

    /** Prometheus scraping itself and {@code targets} every second, remote-writing to {@code remoteWrite} when not null. */
    static PrometheusPeer prometheus(Path dir, List<String> targets, String remoteWrite, String ruleFile) throws Exception {
        int port = freePort();
        List<String> all = new ArrayList<>(targets);
        all.add("127.0.0.1:" + port);
        StringBuilder yml = new StringBuilder("""
                global:
                  scrape_interval: 1s
                  evaluation_interval: 1s
                scrape_configs:
                  - job_name: peers
                    static_configs:
                      - targets: [%s]
                """.formatted(String.join(", ", all.stream().map(t -> "'" + t + "'").toList())));
        if (ruleFile != null) {
            yml.append("rule_files: ['").append(ruleFile).append("']\n");
        }
        if (remoteWrite != null) {
            yml.append("""
                    remote_write:
                      - url: %s
                        send_exemplars: true
                        # Prometheus's own alert series stay home: the same rules run in Pharos too.
                        write_relabel_configs:
                          - {source_labels: [__name__], regex: 'ALERTS.*', action: drop}
                        queue_config:
                          batch_send_deadline: 500ms
                          max_samples_per_send: 5000
                        metadata_config:
                          send_interval: 2s
                    """.formatted(remoteWrite));
        }
        Path config = dir.resolve("prometheus.yml");
        Files.writeString(config, yml.toString());
        Process p = new ProcessBuilder("/usr/bin/prometheus", "--config.file=" + config, "--storage.tsdb.path=" + dir.resolve("tsdb"),
                "--web.listen-address=127.0.0.1:" + port, "--web.enable-lifecycle")
                .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
        PrometheusPeer peer = new PrometheusPeer(p, port);
        peer.awaitHttp("/-/ready");
        return peer;
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    private void awaitHttp(String path) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            assertThat(process.isAlive()).as("peer process exited early").isTrue();
            try {
                HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url() + path)).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // starting
            }
            Thread.sleep(100);
        }
        throw new AssertionError("peer on port " + port + " not ready in 30 s");
    }

    @Override
    public void close() throws Exception {
        process.destroy();
        if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
