package dev.pharos.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No byte leaves the host: while Pharos (engine included, it runs in this process) ingests from
 * the OTel SDK, answers searches, SQL, PromQL, a live tail and MCP tool calls, and evaluates rules
 * that notify the configured (loopback) Alertmanager, every socket this process owns is sampled
 * from /proc every 20 ms; none may have a remote end other than loopback.
 */
class EgressTest {

    @TempDir
    Path dir;

    @Test
    void aFullRunOpensNoConnectionBeyondLoopback() throws Exception {
        Set<String> remotes = ConcurrentHashMap.newKeySet();
        AtomicBoolean running = new AtomicBoolean(true);
        Thread sampler = Thread.ofPlatform().daemon().start(() -> {
            while (running.get()) {
                remotes.addAll(remoteEnds());
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        // A stand-in Alertmanager on loopback: the one destination alerts may go to.
        java.util.concurrent.atomic.AtomicInteger alertPosts = new java.util.concurrent.atomic.AtomicInteger();
        com.sun.net.httpserver.HttpServer alertmanager = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        alertmanager.createContext("/api/v2/alerts", exchange -> {
            exchange.getRequestBody().readAllBytes();
            alertPosts.incrementAndGet();
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        alertmanager.start();
        Path rules = Files.createDirectories(dir.resolve("rules"));
        Files.writeString(rules.resolve("always.yml"), """
                groups:
                  - name: egress
                    interval: 1s
                    rules:
                      - alert: AlwaysFiring
                        expr: vector(1)
                      - alert: CheckoutLogs
                        logs: {filter: ["service=checkout"], over: 1m}
                        condition: "> 0"
                """);
        dev.pharos.app.config.PharosConfig plain = TestServers.config(dir.resolve("data"), "none");
        dev.pharos.app.config.PharosConfig withAlerts = plain.withAlerting(new dev.pharos.app.config.PharosConfig.Alerting(
                rules.toString(), "1s", List.of("http://127.0.0.1:" + alertmanager.getAddress().getPort()), List.of(), null));
        try (AllInOne server = AllInOne.start(withAlerts)) {
            String traceId = SdkTraffic.send(server, "checkout", "checkout-1");
            SdkTraffic.awaitDrained(server);
            HttpClient http = HttpClient.newHttpClient();
            String base = "http://127.0.0.1:" + server.httpPort();
            for (String path : List.of("/api/logs?q=refused", "/api/logs/histogram", "/api/traces/" + traceId, "/api/services",
                    "/api/attributes", "/metrics", "/ui/")) {
                assertThat(http.send(HttpRequest.newBuilder(URI.create(base + path)).build(), HttpResponse.BodyHandlers.ofString()).statusCode())
                        .as(path).isEqualTo(200);
            }
            assertThat(http.send(HttpRequest.newBuilder(URI.create(base + "/api/sql")).POST(HttpRequest.BodyPublishers.ofString(
                    "SELECT count() FROM otel.otel_logs")).build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
            HttpResponse<java.io.InputStream> tail = http.send(HttpRequest.newBuilder(URI.create(base + "/api/logs/tail")).build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            SdkTraffic.send(server, "tail", "tail-1");
            Thread.sleep(1500);
            tail.body().close();
            try (McpSyncClient mcp = McpClient.sync(HttpClientStreamableHttpTransport.builder(base).endpoint("/mcp").build()).build()) {
                mcp.initialize();
                for (String tool : List.of("describe_data", "service_health", "log_patterns", "search_logs")) {
                    assertThat(mcp.callTool(new McpSchema.CallToolRequest(tool, Map.of())).isError()).as(tool).isFalse();
                }
            }
            assertThat(http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/query?query=up")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
            SdkTraffic.eventually(() -> assertThat(alertPosts.get()).as("alerts delivered to the configured Alertmanager").isPositive());
        } finally {
            running.set(false);
            sampler.join();
            alertmanager.stop(0);
        }
        assertThat(remotes).as("remote ends of this process's sockets").isNotEmpty().allSatisfy(r ->
                assertThat(r).matches("127\\.\\d+\\.\\d+\\.\\d+|::1|::ffff:127\\.\\d+\\.\\d+\\.\\d+|0\\.0\\.0\\.0|::"));
    }

    /** The sampler does see a socket aimed elsewhere (a connected UDP socket sends nothing, so this leaks nothing). */
    @Test
    void theSamplerSeesAnOutboundSocket() throws Exception {
        try (java.net.DatagramSocket s = new java.net.DatagramSocket()) {
            s.connect(java.net.InetAddress.getByName("192.0.2.1"), 9);
            assertThat(remoteEnds()).contains("192.0.2.1");
        }
    }

    /** Remote addresses of every TCP and UDP socket this process has open, from /proc. */
    static Set<String> remoteEnds() {
        Set<String> inodes = new HashSet<>();
        try (var fds = Files.list(Path.of("/proc/self/fd"))) {
            for (Path fd : (Iterable<Path>) fds::iterator) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[")) {
                        inodes.add(target.substring(8, target.length() - 1));
                    }
                } catch (IOException gone) {
                    // closed meanwhile
                }
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        Set<String> out = new HashSet<>();
        for (String table : List.of("tcp", "tcp6", "udp", "udp6")) {
            try {
                List<String> lines = Files.readAllLines(Path.of("/proc/self/net/" + table));
                for (String line : lines.subList(1, lines.size())) {
                    String[] f = line.trim().split("\\s+");
                    if (f.length > 9 && inodes.contains(f[9])) {
                        out.add(address(f[2]));
                    }
                }
            } catch (IOException | IndexOutOfBoundsException e) {
                // table absent (no IPv6) or changed while read: the next sample reads it again
            }
        }
        return out;
    }

    /** "0100007F:1F90" (little-endian hex, as /proc writes it) to "127.0.0.1"; IPv6 likewise. */
    static String address(String hexWithPort) {
        String hex = hexWithPort.substring(0, hexWithPort.indexOf(':'));
        byte[] b = new byte[hex.length() / 2];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) Integer.parseInt(hex.substring(2 * i, 2 * i + 2), 16);
        }
        // Each 32-bit word is stored in host (little-endian) order.
        for (int w = 0; w < b.length; w += 4) {
            byte t0 = b[w];
            byte t1 = b[w + 1];
            b[w] = b[w + 3];
            b[w + 1] = b[w + 2];
            b[w + 2] = t1;
            b[w + 3] = t0;
        }
        try {
            String s = java.net.InetAddress.getByAddress(b).getHostAddress();
            return s.replace("0:0:0:0:0:0:0:1", "::1").replace("0:0:0:0:0:0:0:0", "::").replaceFirst("^0:0:0:0:0:ffff:", "::ffff:")
                    .replaceFirst("^0:0:0:0:0:ffff:", "::ffff:");
        } catch (java.net.UnknownHostException e) {
            return hexWithPort;
        }
    }
}
