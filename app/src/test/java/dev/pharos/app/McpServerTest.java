package dev.pharos.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.logs.Logger;
import io.opentelemetry.api.logs.Severity;
import io.opentelemetry.exporter.otlp.http.logs.OtlpHttpLogRecordExporter;
import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import io.opentelemetry.sdk.logs.export.BatchLogRecordProcessor;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The MCP server with the official MCP Java SDK client, over streamable HTTP and over stdio
 * through {@code pharos mcp}: every tool on telemetry sent by the OpenTelemetry SDK, an error
 * pattern injected in the last ten minutes, hostile arguments, and the audit trail.
 */
class McpServerTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    static AllInOne server;
    static String traceId;
    static McpSyncClient client;
    static Instant now;

    @BeforeAll
    static void start() throws Exception {
        server = TestServers.start(dir.resolve("data"));
        now = Instant.now();
        try (SdkLoggerProvider logging = SdkLoggerProvider.builder().setResource(SdkTraffic.resource("orders", "orders-5c8d"))
                .addLogRecordProcessor(BatchLogRecordProcessor.builder(OtlpHttpLogRecordExporter.builder()
                        .setEndpoint("http://127.0.0.1:" + server.otlpHttpPort() + "/v1/logs").build()).setMaxQueueSize(10_000).build()).build()) {
            Logger logger = logging.get("orders");
            // Twenty minutes of normal traffic; in the last ten, a new error appears.
            for (int i = 0; i < 1200; i++) {
                Instant t = now.minusSeconds(1200).plusMillis(i * 1000L);
                logger.logRecordBuilder().setTimestamp(t).setSeverity(Severity.INFO).setSeverityText("INFO")
                        .setBody("GET /orders/" + (1000 + i) + " 200 in " + (i % 90) + "ms").setAttribute(AttributeKey.stringKey("route"), "/orders").emit();
                if (i >= 600 && i % 10 == 0) {
                    logger.logRecordBuilder().setTimestamp(t).setSeverity(Severity.ERROR).setSeverityText("ERROR")
                            .setBody("payment " + (77000 + i) + " failed: Connection refused by db-" + (i % 3)).emit();
                }
            }
            assertThat(logging.forceFlush().join(30, TimeUnit.SECONDS).isSuccess()).isTrue();
        }
        traceId = SdkTraffic.send(server, "checkout", "checkout-7d9f");
        SdkTraffic.awaitDrained(server);
        client = McpClient.sync(HttpClientStreamableHttpTransport.builder("http://127.0.0.1:" + server.httpPort()).endpoint("/mcp").build())
                .requestTimeout(Duration.ofSeconds(60)).build();
        client.initialize();
    }

    @AfterAll
    static void stop() {
        if (client != null) {
            client.close();
        }
        server.close();
    }

    static JsonNode call(McpSyncClient c, String tool, Map<String, Object> args) throws Exception {
        McpSchema.CallToolResult r = c.callTool(new McpSchema.CallToolRequest(tool, args));
        String text = ((McpSchema.TextContent) r.content().getFirst()).text();
        assertThat(r.isError()).as(tool + ": " + text).isFalse();
        return JSON.readTree(text);
    }

    static String error(McpSyncClient c, String tool, Map<String, Object> args) {
        McpSchema.CallToolResult r = c.callTool(new McpSchema.CallToolRequest(tool, args));
        assertThat(r.isError()).as(tool + " should fail").isTrue();
        return ((McpSchema.TextContent) r.content().getFirst()).text();
    }

    @Test
    void listsToolsPromptsAndResources() {
        assertThat(client.listTools().tools()).extracting(McpSchema.Tool::name).containsExactlyInAnyOrder(
                "describe_data", "run_sql", "search_logs", "log_patterns", "get_trace", "find_traces", "service_health");
        assertThat(client.listTools().tools()).allSatisfy(t -> {
            assertThat(t.description()).hasSizeGreaterThan(100);
            assertThat(t.annotations().readOnlyHint()).isTrue();
        });
        assertThat(client.listPrompts().prompts()).extracting(McpSchema.Prompt::name).containsExactlyInAnyOrder("investigate_error_spike", "explain_slow_trace");
        McpSchema.GetPromptResult prompt = client.getPrompt(new McpSchema.GetPromptRequest("investigate_error_spike", Map.of("service", "orders")));
        assertThat(((McpSchema.TextContent) prompt.messages().getFirst().content()).text()).contains("orders").contains("log_patterns");
        McpSchema.ReadResourceResult schema = client.readResource(new McpSchema.ReadResourceRequest("pharos://docs/schema"));
        assertThat(((McpSchema.TextResourceContents) schema.contents().getFirst()).text()).contains("otel_logs").contains("TimestampTime");
    }

    @Test
    void describeDataShowsTablesCoverageAndServices() throws Exception {
        JsonNode d = call(client, "describe_data", Map.of());
        JsonNode logs = null;
        for (JsonNode t : d.get("tables")) {
            if (t.get("name").asText().equals("otel_logs")) {
                logs = t;
            }
        }
        assertThat(logs).isNotNull();
        assertThat(logs.get("rows").asLong()).isEqualTo(1200 + 60 + 23);
        assertThat(logs.get("first_time").asText()).endsWith("Z");
        assertThat(logs.get("columns").findValuesAsText("name")).contains("Body", "ResourceAttributes");
        assertThat(d.get("services_last24h").findValuesAsText("service")).contains("orders", "checkout");
    }

    @Test
    void searchLogsAndThePatternThatChanged() throws Exception {
        JsonNode s = call(client, "search_logs", Map.of("from", "now-30m", "service", "orders", "severity", "ERROR", "limit", 5));
        assertThat(s.get("matching_records").asLong()).isEqualTo(60);
        assertThat(s.get("by_severity").get("ERROR").asLong()).isEqualTo(60);
        assertThat(s.get("top_pods").get(0).get("value").asText()).isEqualTo("orders-5c8d");
        assertThat(s.get("sample")).hasSize(5);
        assertThat(s.get("sample_truncated").asBoolean()).isTrue();
        assertThat(s.get("sample").get(0).get("timestamp").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
        assertThat(s.get("sql").asText()).contains("otel_logs");

        // The last ten minutes of the generated traffic against the ten before.
        JsonNode p = call(client, "log_patterns", Map.of("from", now.minusSeconds(600).toString(), "to", now.plusSeconds(1).toString(),
                "service", "orders", "baseline_from", now.minusSeconds(1201).toString(), "baseline_to", now.minusSeconds(600).toString()));
        JsonNode first = p.get("patterns").get(0);
        assertThat(first.get("template").asText()).isEqualTo("payment <num> failed: Connection refused by db-<num>");
        assertThat(first.get("change").asText()).isEqualTo("new");
        assertThat(first.get("count").asLong()).isEqualTo(60);
        assertThat(p.get("patterns").get(1).get("template").asText()).isEqualTo("GET /orders/<num> <num> in <num>ms");
    }

    @Test
    void tracesAndServiceHealth() throws Exception {
        JsonNode found = call(client, "find_traces", Map.of("from", "now-1h", "service", "checkout", "status", "error"));
        assertThat(found.get("traces").get(0).get("trace_id").asText()).isEqualTo(traceId);
        JsonNode t = call(client, "get_trace", Map.of("trace_id", traceId));
        assertThat(t.get("span_count").asInt()).isEqualTo(2);
        assertThat(t.get("errors")).hasSize(2);
        assertThat(t.get("critical_path").get(0).asText()).startsWith("checkout POST /checkout");
        assertThat(t.get("spans").get(1).get("events").get(0).get("name").asText()).isEqualTo("exception");
        JsonNode h = call(client, "service_health", Map.of("from", "now-10m"));
        assertThat(h.get("services").findValuesAsText("service")).contains("checkout");
        assertThat(h.get("baseline").get("to").asText()).isEqualTo(h.get("window").get("from").asText());
        JsonNode sql = call(client, "run_sql", Map.of("query", "SELECT ServiceName, count() AS n FROM otel.otel_logs GROUP BY ServiceName ORDER BY n DESC", "max_rows", 1));
        assertThat(sql.get("rows")).hasSize(1);
        assertThat(sql.get("truncated").asBoolean()).isTrue();
        assertThat(sql.get("rows").get(0).get("ServiceName").asText()).isEqualTo("orders");
    }

    @Test
    void hostileArgumentsGetToolErrorsAndTheServerStaysUp() throws Exception {
        assertThat(error(client, "run_sql", Map.of("query", "DROP TABLE otel.otel_logs"))).contains("only read queries");
        assertThat(error(client, "run_sql", Map.of("query", "SELECT 1; SELECT file('/etc/passwd')"))).contains("one statement");
        assertThat(error(client, "run_sql", Map.of("query", "SELECT 1 SETTINGS readonly = 0"))).contains("READONLY");
        assertThat(call(client, "search_logs", Map.of("filters", List.of("pod=x' OR 1=1 --"))).get("matching_records").asLong()).isZero();
        assertThat(error(client, "search_logs", Map.of("limit", 100000))).contains("/limit: must have a maximum value of 200");
        assertThat(error(client, "search_logs", Map.of("limit", "many"))).contains("/limit");
        assertThat(error(client, "search_logs", Map.of("bogus", 1))).contains("bogus");
        assertThat(error(client, "search_logs", Map.of("filters", List.of("nosuch=1")))).contains("unknown field");
        assertThat(error(client, "search_logs", Map.of("from", "yesterday"))).contains("'from' is not a time");
        assertThat(error(client, "get_trace", Map.of("trace_id", "../../etc/passwd"))).contains("invalid trace id");
        assertThat(error(client, "get_trace", Map.of("trace_id", "0123456789abcdef0123456789abcdef"))).contains("not found");
        assertThat(error(client, "find_traces", Map.of("min_duration", "forever"))).contains("not a duration");
        assertThatThrownBy(() -> client.callTool(new McpSchema.CallToolRequest("drop_everything", Map.of()))).hasMessageContaining("Unknown tool");
        assertThat(call(client, "describe_data", Map.of()).get("tables")).isNotEmpty();
    }

    @Test
    void stdioThroughPharosMcpAndTheAuditTrail() throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        ServerParameters params = ServerParameters.builder(java)
                .args("-cp", System.getProperty("java.class.path"), "dev.pharos.app.cli.Main", "mcp", "--url", "http://127.0.0.1:" + server.httpPort())
                .build();
        try (McpSyncClient stdio = McpClient.sync(new StdioClientTransport(params, new JacksonMcpJsonMapper(new ObjectMapper())))
                .requestTimeout(Duration.ofSeconds(60)).initializationTimeout(Duration.ofSeconds(60)).build()) {
            stdio.initialize();
            assertThat(stdio.listTools().tools()).hasSize(7);
            assertThat(call(stdio, "search_logs", Map.of("from", "now-30m", "text", "refused")).get("matching_records").asLong()).isEqualTo(63);
            assertThat(error(stdio, "run_sql", Map.of("query", "INSERT INTO otel.otel_logs (Body) VALUES ('x')"))).contains("only read queries");
        }
        SdkTraffic.eventually(() -> {
            HttpResponse<String> audit = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.httpPort()
                    + "/api/sql?format=JSONEachRow")).POST(HttpRequest.BodyPublishers.ofString(
                    "SELECT Channel, Action, Identity, Error, Statement FROM otel.pharos_audit WHERE Channel = 'mcp-stdio' ORDER BY Timestamp")).build(),
                    HttpResponse.BodyHandlers.ofString());
            List<String> lines = audit.body().lines().toList();
            assertThat(lines).hasSize(2);
            JsonNode search = JSON.readTree(lines.get(0));
            assertThat(search.get("Action").asText()).isEqualTo("mcp:search_logs");
            assertThat(search.get("Identity").asText()).isEqualTo("anonymous@127.0.0.1");
            assertThat(search.get("Statement").asText()).contains("hasToken(Body, 'refused')");
            assertThat(JSON.readTree(lines.get(1)).get("Error").asText()).contains("only read queries");
        });
    }
}
