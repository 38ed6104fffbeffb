package dev.pharos.agent;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * {@code /metrics} (Prometheus text format) and {@code /healthz} for a liveness probe, on the
 * JDK's built-in HTTP server: one thread, no extra library, which is all a scrape every few
 * seconds needs.
 */
final class MetricsEndpoint implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService executor;

    private MetricsEndpoint(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    static MetricsEndpoint start(String address, int port, PrometheusRegistry registry) throws IOException {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(address, port), 16);
        } catch (IOException e) {
            throw new IOException("cannot serve agent metrics on " + address + ":" + port + ": " + e.getMessage(), e);
        }
        PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
        server.createContext("/metrics", exchange -> {
            ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
            writer.write(out, registry.scrape());
            reply(exchange, 200, PrometheusTextFormatWriter.CONTENT_TYPE, out.toByteArray());
        });
        server.createContext("/healthz", exchange -> reply(exchange, 200, "text/plain; charset=utf-8",
                "ok\n".getBytes(StandardCharsets.UTF_8)));
        ExecutorService executor = Executors.newSingleThreadExecutor(r -> Thread.ofPlatform().name("pharos-agent-metrics").daemon()
                .unstarted(r));
        server.setExecutor(executor);
        server.start();
        return new MetricsEndpoint(server, executor);
    }

    private static void reply(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        try (exchange) {
            exchange.getRequestBody().readAllBytes();
            exchange.getResponseHeaders().set("Content-Type", type);
            exchange.sendResponseHeaders(status, body.length);
            try (OutputStream os = exchange.getResponseBody()) {
                os.write(body);
            }
        }
    }

    int port() {
        return server.getAddress().getPort();
    }

    String address() {
        return server.getAddress().getHostString();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
