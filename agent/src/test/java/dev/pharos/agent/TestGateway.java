package dev.pharos.agent;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;
import java.util.zip.GZIPInputStream;

/**
 * A real OTLP/HTTP logs endpoint on loopback for the agent's tests: decodes each request with
 * the generated OTLP classes (so the agent's hand-written encoding is checked by the reference
 * decoder) and keeps every record. It can be told to answer with another status, or to go away.
 */
public final class TestGateway implements AutoCloseable {

    /** One received record, flattened. */
    public record Received(Map<String, String> resource, String body, long timeUnixNanos, long observedUnixNanos,
                           Map<String, String> attributes, String gateway) {
        public String path() {
            return attributes.get("log.file.path");
        }
    }

    private final HttpServer server;
    private final ExecutorService executor;
    private final String name;
    private final List<Received> received = new ArrayList<>();
    private final AtomicInteger requests = new AtomicInteger();
    /** Returns the status to answer with for the next request; 200 stores it. */
    private volatile IntSupplier status = () -> 200;
    private volatile String retryAfter = "1";
    private volatile long delayMillis;
    private volatile String authorization;

    private TestGateway(HttpServer server, ExecutorService executor, String name) {
        this.server = server;
        this.executor = executor;
        this.name = name;
    }

    public static TestGateway start(String name) throws IOException {
        return start(name, 0);
    }

    public static TestGateway start(String name, int port) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
        ExecutorService executor = Executors.newFixedThreadPool(8);
        TestGateway g = new TestGateway(server, executor, name);
        server.createContext("/v1/logs", g::handle);
        server.setExecutor(executor);
        server.start();
        return g;
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            byte[] body = ex.getRequestBody().readAllBytes();
            requests.incrementAndGet();
            if (delayMillis > 0) {
                Thread.sleep(delayMillis);
            }
            String auth = authorization;
            if (auth != null && !auth.equals(ex.getRequestHeaders().getFirst("Authorization"))) {
                ex.sendResponseHeaders(401, -1);
                return;
            }
            int code = status.getAsInt();
            if (code != 200) {
                if (code == 503 || code == 429) {
                    ex.getResponseHeaders().set("Retry-After", retryAfter);
                }
                byte[] msg = ("refused by test gateway " + name).getBytes();
                ex.sendResponseHeaders(code, msg.length);
                ex.getResponseBody().write(msg);
                return;
            }
            InputStream in = new java.io.ByteArrayInputStream(body);
            if ("gzip".equals(ex.getRequestHeaders().getFirst("Content-Encoding"))) {
                in = new GZIPInputStream(in);
            }
            ExportLogsServiceRequest req = ExportLogsServiceRequest.parseFrom(in);
            List<Received> batch = new ArrayList<>();
            for (ResourceLogs rl : req.getResourceLogsList()) {
                Map<String, String> res = flatten(rl.getResource().getAttributesList());
                for (ScopeLogs sl : rl.getScopeLogsList()) {
                    for (LogRecord r : sl.getLogRecordsList()) {
                        batch.add(new Received(res, r.getBody().getStringValue(), r.getTimeUnixNano(), r.getObservedTimeUnixNano(),
                                flatten(r.getAttributesList()), name));
                    }
                }
            }
            synchronized (received) {
                received.addAll(batch);
            }
            ex.getResponseHeaders().set("Content-Type", "application/x-protobuf");
            ex.sendResponseHeaders(200, -1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static Map<String, String> flatten(List<KeyValue> kvs) {
        Map<String, String> m = new LinkedHashMap<>();
        for (KeyValue kv : kvs) {
            AnyValue v = kv.getValue();
            m.put(kv.getKey(), v.hasIntValue() ? Long.toString(v.getIntValue()) : v.getStringValue());
        }
        return m;
    }

    public URI uri() {
        return URI.create("http://127.0.0.1:" + port());
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public List<Received> received() {
        synchronized (received) {
            return new ArrayList<>(received);
        }
    }

    public int receivedCount() {
        synchronized (received) {
            return received.size();
        }
    }

    public int requests() {
        return requests.get();
    }

    public String name() {
        return name;
    }

    public void answer(IntSupplier statusForNextRequest) {
        this.status = statusForNextRequest;
    }

    public void retryAfter(String value) {
        this.retryAfter = value;
    }

    public void delay(long millis) {
        this.delayMillis = millis;
    }

    public void requireAuthorization(String header) {
        this.authorization = header;
    }

    /** Stops listening at once: connections are refused from now on. */
    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
