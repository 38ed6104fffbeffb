package dev.pharos.bench.ingest;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.logs.v1.SeverityNumber;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Realistic OTLP payloads, encoded once before the run so the load generator spends its CPU on
 * sending: traces of about 100 spans across a dozen microservices (HTTP, RPC and database spans
 * with the semantic-convention attributes SDKs set, 2% errors with exception events), and
 * application logs with Kubernetes resource attributes, a third of them correlated to traces.
 */
final class TelemetryGenerator {

    /** One encoded request and how many records (spans or log records) it holds. */
    record Payload(byte[] body, int records) {}

    private static final String[] SERVICES = {"frontend", "cart", "checkout", "payment", "shipping", "currency", "catalog",
        "recommendation", "ad", "email", "quote", "accounting"};
    private static final String[] ROUTES = {"/api/cart", "/api/checkout", "/api/products/{id}", "/api/recommendations",
        "/api/currency/convert", "/api/shipping/quote", "/api/ads", "/health"};
    private static final String[] DB_STATEMENTS = {"SELECT * FROM orders WHERE user_id = ?", "UPDATE cart SET qty = ? WHERE id = ?",
        "INSERT INTO payments (id, amount, currency) VALUES (?, ?, ?)", "SELECT sku, price FROM products WHERE sku IN (?)"};
    private static final String[] LOG_TEMPLATES = {
        "GET %s 200 in %d ms", "user %d added item %d to cart", "payment authorized for order %d, amount %d cents",
        "cache miss for key product:%d, loading from database", "retrying request to %s (attempt %d)",
        "slow query took %d ms: SELECT * FROM orders WHERE user_id = %d", "connection pool for %s exhausted, waited %d ms",
        "order %d shipped via carrier %d"};

    private final Random random;
    private final long baseNanos;

    TelemetryGenerator(long seed) {
        this.random = new Random(seed);
        this.baseNanos = System.currentTimeMillis() * 1_000_000L;
    }

    /** {@code count} requests of {@code tracesPerRequest} traces each, grouped per service as an SDK or Collector sends them. */
    List<Payload> traceRequests(int count, int tracesPerRequest) {
        List<Payload> out = new ArrayList<>(count);
        for (int r = 0; r < count; r++) {
            Map<String, List<Span>> byService = new LinkedHashMap<>();
            int spans = 0;
            for (int t = 0; t < tracesPerRequest; t++) {
                spans += trace(byService);
            }
            ExportTraceServiceRequest.Builder req = ExportTraceServiceRequest.newBuilder();
            for (Map.Entry<String, List<Span>> e : byService.entrySet()) {
                req.addResourceSpans(ResourceSpans.newBuilder().setResource(resource(e.getKey()))
                        .addScopeSpans(ScopeSpans.newBuilder()
                                .setScope(InstrumentationScope.newBuilder().setName("io.opentelemetry.instrumentation").setVersion("2.10.0"))
                                .addAllSpans(e.getValue())));
            }
            out.add(new Payload(req.build().toByteArray(), spans));
        }
        return out;
    }

    /** One trace of 80 to 120 spans: a root request fanning out to services and their databases. */
    private int trace(Map<String, List<Span>> byService) {
        byte[] traceId = new byte[16];
        random.nextBytes(traceId);
        ByteString tid = ByteString.copyFrom(traceId);
        int target = 80 + random.nextInt(41);
        long start = baseNanos + random.nextInt(1_000_000_000);
        ByteString rootId = spanId();
        String route = ROUTES[random.nextInt(ROUTES.length)];
        boolean error = random.nextInt(50) == 0;
        long rootDuration = 5_000_000L + random.nextInt(200_000_000);
        add(byService, "frontend", span(tid, rootId, ByteString.EMPTY, "GET " + route, Span.SpanKind.SPAN_KIND_SERVER, start, rootDuration,
                httpAttributes(route, error ? 500 : 200), error));
        int made = 1;
        while (made < target) {
            String service = SERVICES[1 + random.nextInt(SERVICES.length - 1)];
            ByteString clientId = spanId();
            long s = start + random.nextInt((int) Math.max(1, rootDuration / 2));
            long d = 1_000_000L + random.nextInt((int) Math.max(1, rootDuration / 4));
            String rpc = "oteldemo." + capitalize(service) + "Service/" + (random.nextBoolean() ? "Get" : "Put") + capitalize(service);
            add(byService, "frontend", span(tid, clientId, rootId, rpc, Span.SpanKind.SPAN_KIND_CLIENT, s, d, rpcAttributes(service, rpc), false));
            ByteString serverId = spanId();
            add(byService, service, span(tid, serverId, clientId, rpc, Span.SpanKind.SPAN_KIND_SERVER, s + 50_000, d - 100_000,
                    rpcAttributes(service, rpc), false));
            made += 2;
            int queries = 1 + random.nextInt(3);
            for (int q = 0; q < queries && made < target; q++, made++) {
                String stmt = DB_STATEMENTS[random.nextInt(DB_STATEMENTS.length)];
                add(byService, service, span(tid, spanId(), serverId, stmt.substring(0, stmt.indexOf(' ')) + " " + service,
                        Span.SpanKind.SPAN_KIND_CLIENT, s + 100_000 + q * 10_000L, 200_000 + random.nextInt(5_000_000),
                        List.of(kv("db.system", "postgresql"), kv("db.name", service), kv("db.statement", stmt),
                                kv("server.address", service + "-db.prod.svc.cluster.local"), kvInt("server.port", 5432)), false));
            }
        }
        return made;
    }

    private static void add(Map<String, List<Span>> byService, String service, Span span) {
        byService.computeIfAbsent(service, k -> new ArrayList<>()).add(span);
    }

    private Span span(ByteString traceId, ByteString spanId, ByteString parent, String name, Span.SpanKind kind, long start, long duration,
                      List<KeyValue> attributes, boolean error) {
        Span.Builder b = Span.newBuilder().setTraceId(traceId).setSpanId(spanId).setParentSpanId(parent).setName(name).setKind(kind)
                .setStartTimeUnixNano(start).setEndTimeUnixNano(start + duration).addAllAttributes(attributes);
        if (error) {
            b.setStatus(Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_ERROR).setMessage("upstream returned 500"));
            b.addEvents(Span.Event.newBuilder().setName("exception").setTimeUnixNano(start + duration / 2)
                    .addAttributes(kv("exception.type", "java.net.SocketTimeoutException"))
                    .addAttributes(kv("exception.message", "Read timed out after 5000 ms"))
                    .addAttributes(kv("exception.stacktrace", "java.net.SocketTimeoutException: Read timed out\n\tat "
                            + "java.base/sun.nio.ch.NioSocketImpl.timedRead(NioSocketImpl.java:278)\n\tat "
                            + "okhttp3.internal.http1.Http1ExchangeCodec.readResponseHeaders(Http1ExchangeCodec.kt:180)")));
        }
        return b.build();
    }

    private List<KeyValue> httpAttributes(String route, int status) {
        return List.of(kv("http.request.method", "GET"), kv("http.route", route), kv("url.path", route.replace("{id}",
                Integer.toString(random.nextInt(10_000)))), kvInt("http.response.status_code", status), kv("network.protocol.version", "1.1"),
                kv("user_agent.original", "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/126.0 Safari/537.36"),
                kv("client.address", "10.0." + random.nextInt(256) + "." + random.nextInt(256)));
    }

    private static List<KeyValue> rpcAttributes(String service, String rpc) {
        return List.of(kv("rpc.system", "grpc"), kv("rpc.service", rpc.substring(0, rpc.indexOf('/'))), kv("rpc.method", rpc.substring(rpc.indexOf('/') + 1)),
                kvInt("rpc.grpc.status_code", 0), kv("server.address", service + ".prod.svc.cluster.local"), kvInt("server.port", 8080));
    }

    /** {@code count} requests of {@code recordsPerRequest} log records from pods of the demo services. */
    List<Payload> logRequests(int count, int recordsPerRequest) {
        List<Payload> out = new ArrayList<>(count);
        for (int r = 0; r < count; r++) {
            ExportLogsServiceRequest.Builder req = ExportLogsServiceRequest.newBuilder();
            int perService = recordsPerRequest / 4;
            int made = 0;
            for (int s = 0; s < 4; s++) {
                String service = SERVICES[random.nextInt(SERVICES.length)];
                ScopeLogs.Builder scope = ScopeLogs.newBuilder().setScope(InstrumentationScope.newBuilder().setName("io.opentelemetry.logback-appender-1.0"));
                int n = s == 3 ? recordsPerRequest - made : perService;
                for (int i = 0; i < n; i++) {
                    scope.addLogRecords(logRecord());
                }
                made += n;
                req.addResourceLogs(ResourceLogs.newBuilder().setResource(resource(service)).addScopeLogs(scope));
            }
            out.add(new Payload(req.build().toByteArray(), recordsPerRequest));
        }
        return out;
    }

    private LogRecord logRecord() {
        int sev = random.nextInt(100);
        SeverityNumber severity = sev < 70 ? SeverityNumber.SEVERITY_NUMBER_INFO : sev < 85 ? SeverityNumber.SEVERITY_NUMBER_DEBUG
                : sev < 97 ? SeverityNumber.SEVERITY_NUMBER_WARN : SeverityNumber.SEVERITY_NUMBER_ERROR;
        String text = switch (severity) {
            case SEVERITY_NUMBER_DEBUG -> "DEBUG";
            case SEVERITY_NUMBER_WARN -> "WARN";
            case SEVERITY_NUMBER_ERROR -> "ERROR";
            default -> "INFO";
        };
        String template = LOG_TEMPLATES[random.nextInt(LOG_TEMPLATES.length)];
        String body = template.contains("%s")
                ? String.format(template, ROUTES[random.nextInt(ROUTES.length)], random.nextInt(2_000))
                : String.format(template, random.nextInt(100_000), random.nextInt(10_000));
        long ts = baseNanos + random.nextInt(1_000_000_000);
        LogRecord.Builder b = LogRecord.newBuilder().setTimeUnixNano(ts).setObservedTimeUnixNano(ts + 1_000_000)
                .setSeverityNumber(severity).setSeverityText(text).setBody(AnyValue.newBuilder().setStringValue(body))
                .addAttributes(kv("logger.name", "com.example.shop." + capitalize(SERVICES[random.nextInt(SERVICES.length)]) + "Controller"))
                .addAttributes(kv("thread.name", "http-nio-8080-exec-" + random.nextInt(200)))
                .addAttributes(kv("log.iostream", "stdout"));
        if (random.nextInt(3) == 0) {
            byte[] t = new byte[16];
            random.nextBytes(t);
            b.setTraceId(ByteString.copyFrom(t)).setSpanId(spanId()).setFlags(1);
        }
        return b.build();
    }

    private Resource resource(String service) {
        int pod = random.nextInt(8);
        return Resource.newBuilder()
                .addAttributes(kv("service.name", service))
                .addAttributes(kv("service.version", "1.12." + (service.length() % 5)))
                .addAttributes(kv("deployment.environment.name", "production"))
                .addAttributes(kv("k8s.namespace.name", "shop"))
                .addAttributes(kv("k8s.pod.name", service + "-7d9f8b6c5-" + "abcdefgh".charAt(pod) + "x" + pod))
                .addAttributes(kv("k8s.node.name", "ip-10-0-" + (pod * 7 % 64) + "-12.ec2.internal"))
                .addAttributes(kv("host.arch", "amd64"))
                .addAttributes(kv("telemetry.sdk.language", "java"))
                .addAttributes(kv("telemetry.sdk.name", "opentelemetry"))
                .addAttributes(kv("telemetry.sdk.version", "1.44.1"))
                .build();
    }

    private ByteString spanId() {
        byte[] id = new byte[8];
        random.nextBytes(id);
        id[0] |= 1;
        return ByteString.copyFrom(id);
    }

    private static KeyValue kv(String k, String v) {
        return KeyValue.newBuilder().setKey(k).setValue(AnyValue.newBuilder().setStringValue(v)).build();
    }

    private static KeyValue kvInt(String k, long v) {
        return KeyValue.newBuilder().setKey(k).setValue(AnyValue.newBuilder().setIntValue(v)).build();
    }

    private static String capitalize(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
