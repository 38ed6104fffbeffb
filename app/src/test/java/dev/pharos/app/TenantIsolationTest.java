package dev.pharos.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pharos.access.Role;
import dev.pharos.access.Tenants;
import dev.pharos.access.TokenStore;
import dev.pharos.app.config.PharosConfig;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two tenants on one server. Ingest stamps each record with its sender's tenant (or the tenant the
 * resource names, when the sender may write there); an acme reader then tries every read path —
 * every API route from the server's route table, live tail, SQL, every MCP tool — and never sees
 * a byte of globex's data, while still seeing its own.
 */
class TenantIsolationTest {

    @TempDir
    static Path dir;
    static AllInOne server;
    static String acmeRead;
    static String root;
    static String acmeAgent;
    static String gateway;
    static String globexAgent;
    static String acmeTrace;
    static String globexTrace;

    @BeforeAll
    static void start() throws Exception {
        Path data = dir.resolve("data");
        TokenStore tokens = new TokenStore(data.toAbsolutePath());
        acmeAgent = tokens.create("acme-agent", Role.INGEST, Tenants.of("acme"), null).token();
        globexAgent = tokens.create("globex-agent", Role.INGEST, Tenants.of("globex"), null).token();
        gateway = tokens.create("gateway", Role.INGEST, Tenants.of("acme", "globex"), null).token();
        acmeRead = tokens.create("acme-grafana", Role.READ, Tenants.of("acme"), null).token();
        root = tokens.create("root", Role.ADMIN, Tenants.all(), null).token();
        PharosConfig base = TestServers.config(data, "tokens");
        PharosConfig.Ingest in = base.ingest();
        server = AllInOne.start(new PharosConfig(base.dataDir(), base.listen(), base.storage(), base.retention(), base.otlp(),
                new PharosConfig.Ingest(in.batchRows(), in.batchSize(), in.batchAge(), in.bufferSize(), in.overflow(), in.maxAttributes(),
                        in.nullSink(), "pharos.tenant"), base.query(), base.auth(), base.tls()));
        acmeTrace = SdkTraffic.send(server, "acme-shop", "acme-pod", acmeAgent);
        globexTrace = SdkTraffic.send(server, "globex-shop", "globex-pod", globexAgent);
        postGauge(acmeAgent, "acme-shop");
        postGauge(globexAgent, "globex-shop");
        SdkTraffic.awaitDrained(server);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** An OTLP gauge from {@code service}: a Prometheus series {@code queue_depth{job=service}} as well. */
    private static void postGauge(String token, String service) throws Exception {
        String json = """
                {"resourceMetrics":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"%s"}}]},
                  "scopeMetrics":[{"metrics":[{"name":"queue.depth","gauge":{"dataPoints":[{"timeUnixNano":"%d","asInt":"7"}]}}]}]}]}
                """.formatted(service, System.currentTimeMillis() * 1_000_000L);
        HttpResponse<String> r = AccessControlAttackTest.HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.otlpHttpPort()
                + "/v1/metrics")).header("authorization", "Bearer " + token).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }

    private static HttpResponse<String> get(String path, String token) throws Exception {
        return AccessControlAttackTest.HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.httpPort() + path))
                .header("authorization", "Bearer " + token).timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String sql(String statement, String token) throws Exception {
        return get("/api/sql?format=TSV&query=" + URLEncoder.encode(statement, StandardCharsets.UTF_8), token).body();
    }

    private static void assertNoGlobex(String what, String body) {
        assertThat(body).as(what).doesNotContain("globex").doesNotContain(globexTrace);
    }

    @Test
    void everyReadRouteShowsAcmeOnlyItsOwnData() throws Exception {
        List<String> checked = new ArrayList<>();
        for (String pattern : server.httpRoutes()) {
            String path = pattern.replace(":traceId", globexTrace).replace(":name", "job").replace("/*", "/index.html")
                    .replace("prefix:", "");
            if (path.equals("/mcp") || path.equals("/api/logs/tail")) {
                continue; // below, with their own clients
            }
            String query = switch (path) {
                case "/api/attributes/values" -> "?field=service";
                case "/api/v1/query", "/api/v1/query_exemplars" -> "?query=queue_depth";
                case "/api/v1/query_range" -> "?query=queue_depth&start=" + (System.currentTimeMillis() / 1000 - 600) + "&end="
                        + (System.currentTimeMillis() / 1000 + 60) + "&step=15";
                case "/api/v1/series" -> "?match[]=queue_depth";
                default -> "";
            };
            HttpResponse<String> r = get(path + query, acmeRead);
            if (path.equals("/api/traces/" + globexTrace)) {
                // The answer repeats the id asked for, and nothing else of it.
                assertThat(r.statusCode()).isEqualTo(404);
                assertThat(r.body()).doesNotContain("globex").doesNotContain("span");
            } else {
                assertNoGlobex(path, r.body());
            }
            checked.add(path);
        }
        assertThat(checked).contains("/api/logs", "/api/traces", "/api/services", "/api/attributes", "/api/sql", "/metrics",
                "/api/v1/query", "/api/v1/series", "/api/v1/labels", "/api/v1/label/job/values");
        // PromQL sees acme's series only, and all of them.
        assertThat(get("/api/v1/query?query=queue_depth", acmeRead).body()).contains("acme-shop");
        assertThat(get("/api/v1/label/job/values", acmeRead).body()).contains("acme-shop");
        assertThat(get("/api/v1/label/job/values", root).body()).contains("acme-shop").contains("globex-shop");
        assertThat(get("/api/traces/" + globexTrace, acmeRead).statusCode()).isEqualTo(404);
        assertThat(get("/api/traces/" + acmeTrace, acmeRead).statusCode()).isEqualTo(200);
        assertThat(get("/api/logs", acmeRead).body()).contains("acme-shop");
        assertThat(get("/api/services", acmeRead).body()).contains("acme-shop");
        assertThat(get("/api/attributes/values?field=service", acmeRead).body()).contains("acme-shop");
        // The admin of every tenant sees both.
        assertThat(get("/api/services", root).body()).contains("acme-shop").contains("globex-shop");
    }

    @Test
    void sqlIsConfinedByTheEngine() throws Exception {
        String shops = "SELECT DISTINCT ServiceName FROM otel.otel_logs WHERE ServiceName LIKE '%-shop' ORDER BY 1";
        assertThat(sql(shops, acmeRead)).isEqualTo("acme-shop\n");
        assertThat(sql(shops, root)).isEqualTo("acme-shop\nglobex-shop\n");
        for (String s : List.of("SELECT ServiceName, TraceId FROM otel.otel_traces UNION ALL SELECT ServiceName, TraceId FROM otel.otel_logs",
                "SELECT * FROM view(SELECT ServiceName FROM otel.otel_traces)", "SELECT TraceId FROM otel.otel_traces_trace_id_ts",
                "SELECT ServiceName FROM otel.otel_logs WHERE TraceId IN (SELECT TraceId FROM otel.otel_traces)",
                "SELECT Identity, Tenants, Statement FROM otel.pharos_audit")) {
            assertNoGlobex(s, sql(s, acmeRead));
        }
    }

    @Test
    void liveTailShowsOnlyAcme() throws Exception {
        HttpResponse<java.io.InputStream> tail = AccessControlAttackTest.HTTP.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + server.httpPort() + "/api/logs/tail")).header("authorization", "Bearer " + acmeRead).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(tail.statusCode()).isEqualTo(200);
        StringBuilder seen = new StringBuilder();
        CompletableFuture<Void> reader = CompletableFuture.runAsync(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(tail.body(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    synchronized (seen) {
                        seen.append(line).append('\n');
                    }
                    if (line.contains("acme-live")) {
                        return;
                    }
                }
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        Thread.sleep(500);
        SdkTraffic.send(server, "globex-live", "globex-pod", globexAgent);
        SdkTraffic.send(server, "acme-live", "acme-pod", acmeAgent);
        reader.get(30, TimeUnit.SECONDS);
        synchronized (seen) {
            assertThat(seen.toString()).contains("acme-live");
            assertNoGlobex("live tail", seen.toString());
        }
    }

    private static HttpResponse<String> postLog(String token, String service, String tenant) throws Exception {
        String json = """
                {"resourceLogs":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"%s"}},
                  {"key":"pharos.tenant","value":{"stringValue":"%s"}}]},
                  "scopeLogs":[{"logRecords":[{"timeUnixNano":"%d","body":{"stringValue":"sent for %s"}}]}]}]}
                """.formatted(service, tenant, System.currentTimeMillis() * 1_000_000L, tenant);
        return AccessControlAttackTest.HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.otlpHttpPort() + "/v1/logs"))
                .header("authorization", "Bearer " + token).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aResourceAttributePicksAmongTheSendersTenantsAndNoOther() throws Exception {
        assertThat(postLog(gateway, "routed", "globex").body()).doesNotContain("rejected");
        HttpResponse<String> sneaky = postLog(acmeAgent, "sneaky", "globex");
        assertThat(sneaky.statusCode()).isEqualTo(200);
        assertThat(sneaky.body()).contains("\"rejectedLogRecords\":\"1\"").contains("tenant");
        assertThat(postLog(acmeAgent, "bad-name", "../../etc").body()).contains("\"rejectedLogRecords\":\"1\"");
        SdkTraffic.awaitDrained(server);
        assertThat(sql("SELECT ServiceName, Tenant FROM otel.otel_logs WHERE ServiceName IN ('routed', 'sneaky', 'bad-name')", root))
                .isEqualTo("routed\tglobex\n");
        assertThat(sql("SELECT DISTINCT ServiceName, Tenant FROM otel.otel_traces ORDER BY 1", root))
                .contains("acme-shop\tacme").contains("globex-shop\tglobex");
        assertThat(get("/metrics", root).body()).contains("reason=\"tenant_not_allowed\"");
    }

    @Test
    void mcpToolsAreConfined() {
        try (McpSyncClient c = McpClient.sync(HttpClientStreamableHttpTransport.builder("http://127.0.0.1:" + server.httpPort()).endpoint("/mcp")
                .requestBuilder(HttpRequest.newBuilder().header("Authorization", "Bearer " + acmeRead)).build())
                .requestTimeout(Duration.ofSeconds(30)).build()) {
            c.initialize();
            Map<String, Map<String, Object>> calls = Map.of(
                    "describe_data", Map.of(),
                    "search_logs", Map.of(),
                    "log_patterns", Map.of(),
                    "find_traces", Map.of(),
                    "service_health", Map.of(),
                    "get_trace", Map.of("trace_id", globexTrace),
                    "run_sql", Map.of("query", "SELECT ServiceName, Body FROM otel.otel_logs"));
            for (var call : calls.entrySet()) {
                McpSchema.CallToolResult r = c.callTool(new McpSchema.CallToolRequest(call.getKey(), call.getValue()));
                String text = r.content().stream().map(x -> x instanceof McpSchema.TextContent t ? t.text() : "").reduce("", String::concat);
                if (call.getKey().equals("get_trace")) {
                    // The answer repeats the id asked for, and nothing else of it.
                    assertThat(text).contains("not found").doesNotContain("globex");
                } else {
                    assertNoGlobex("mcp " + call.getKey(), text);
                    assertThat(text).as(call.getKey()).contains("acme");
                }
            }
        }
    }
}
