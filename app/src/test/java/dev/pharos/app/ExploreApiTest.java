package dev.pharos.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pharos.app.config.PharosConfig;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The explore API end to end: telemetry sent by the OpenTelemetry SDK over OTLP/HTTP into the
 * all-in-one server, then found through the HTTP endpoints a UI or a script uses.
 */
@org.junit.jupiter.api.TestMethodOrder(org.junit.jupiter.api.MethodOrderer.OrderAnnotation.class)
class ExploreApiTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    static Path dir;
    static AllInOne server;
    static String traceId;

    @BeforeAll
    static void start() throws Exception {
        PharosConfig config = TestServers.config(dir.resolve("data"), "none");
        server = AllInOne.start(config);
        traceId = SdkTraffic.checkoutAndCart(server);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static String url(String path) {
        return "http://127.0.0.1:" + server.httpPort() + path;
    }

    static HttpResponse<String> get(String path, String... params) throws Exception {
        StringBuilder q = new StringBuilder();
        for (int i = 0; i < params.length; i += 2) {
            q.append(q.isEmpty() ? "?" : "&").append(params[i]).append('=').append(URLEncoder.encode(params[i + 1], StandardCharsets.UTF_8));
        }
        return HTTP.send(HttpRequest.newBuilder(URI.create(url(path) + q)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode ok(String path, String... params) throws Exception {
        HttpResponse<String> r = get(path, params);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    @Test
    void logSearchByPodSeverityAndText() throws Exception {
        JsonNode errors = ok("/api/logs", "filter", "pod=checkout-7d9f", "filter", "severity=error");
        assertThat(errors.get("rows")).hasSize(3);
        for (JsonNode row : errors.get("rows")) {
            assertThat(row.get("service").asText()).isEqualTo("checkout");
            assertThat(row.get("trace_id").asText()).isEqualTo(traceId);
            assertThat(row.get("body").asText()).contains("Connection refused");
        }
        assertThat(errors.get("sql").asText()).contains("ResourceAttributes['k8s.pod.name'] = 'checkout-7d9f'");
        assertThat(ok("/api/logs", "q", "refused", "filter", "namespace=shop").get("rows")).hasSize(6);
        assertThat(ok("/api/logs", "q", "\"handled item 7\"").get("rows")).hasSize(2);
        JsonNode page = ok("/api/logs", "filter", "service=cart", "limit", "15", "order", "oldest");
        assertThat(page.get("rows")).hasSize(15);
        JsonNode rest = ok("/api/logs", "filter", "service=cart", "limit", "15", "order", "oldest", "cursor", page.get("next_cursor").asText());
        assertThat(rest.get("rows")).hasSize(8);
        assertThat(rest.get("next_cursor").isNull()).isTrue();
        JsonNode histogram = ok("/api/logs/histogram", "from", "now-1h");
        assertThat(histogram.get("total").asLong()).isEqualTo(46);
    }

    @Test
    void traceByIdSearchAndServices() throws Exception {
        JsonNode trace = ok("/api/traces/" + traceId);
        assertThat(trace.get("spans")).hasSize(2);
        JsonNode db = trace.get("spans").get(1);
        assertThat(db.get("name").asText()).isEqualTo("SELECT orders");
        assertThat(db.get("parent_span_id").asText()).isEqualTo(trace.get("spans").get(0).get("span_id").asText());
        assertThat(db.get("status_message").asText()).isEqualTo("connection refused");
        assertThat(db.get("events").get(0).get("attributes").get("exception.type").asText()).isEqualTo("java.net.ConnectException");
        assertThat(get("/api/traces/00000000000000000000000000000001").statusCode()).isEqualTo(404);
        assertThat(get("/api/traces/not-a-trace").statusCode()).isEqualTo(400);

        JsonNode found = ok("/api/traces", "service", "checkout", "status", "error");
        assertThat(found.get("traces")).hasSize(1);
        assertThat(found.get("traces").get(0).get("trace_id").asText()).isEqualTo(traceId);
        assertThat(found.get("traces").get(0).get("root_name").asText()).isEqualTo("POST /checkout");

        JsonNode services = ok("/api/services", "from", "now-1h");
        assertThat(services.get("services")).hasSize(2);
        assertThat(services.get("services").get(1).get("service").asText()).isEqualTo("checkout");
        assertThat(services.get("services").get(1).get("requests").asLong()).isEqualTo(1);
        assertThat(services.get("services").get(1).get("error_rate").asDouble()).isEqualTo(1.0);
    }

    @Test
    void attributeDiscovery() throws Exception {
        JsonNode keys = ok("/api/attributes", "signal", "logs");
        assertThat(keys.get("items").findValuesAsText("value")).contains("pod", "resource.k8s.pod.name", "attr.user_id");
        JsonNode pods = ok("/api/attributes/values", "field", "pod");
        assertThat(pods.get("items").findValuesAsText("value")).containsExactlyInAnyOrder("checkout-7d9f", "cart-1");
        assertThat(get("/api/attributes/values").statusCode()).isEqualTo(400);
    }

    @Test
    void readOnlySql() throws Exception {
        HttpResponse<String> count = HTTP.send(HttpRequest.newBuilder(URI.create(url("/api/sql?format=TSV")))
                .POST(HttpRequest.BodyPublishers.ofString("SELECT count() FROM otel.otel_logs")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(count.statusCode()).isEqualTo(200);
        assertThat(count.body()).isEqualTo("46\n");
        assertThat(count.headers().firstValue("x-pharos-result-rows")).isPresent();
        JsonNode json = ok("/api/sql", "query", "SELECT ServiceName, count() AS n FROM otel.otel_logs GROUP BY ServiceName ORDER BY ServiceName");
        assertThat(json.get("data").get(0).get("ServiceName").asText()).isEqualTo("cart");
        for (String hostile : new String[] {"DROP TABLE otel.otel_logs", "SELECT 1; DROP TABLE otel.otel_logs", "SELECT file('/etc/passwd')",
            "SELECT 1 SETTINGS readonly = 0", "INSERT INTO otel.otel_logs (Body) VALUES ('x')", "SELECT * FROM url('http://127.0.0.1:1/', 'TSV')"}) {
            HttpResponse<String> r = get("/api/sql", "query", hostile);
            assertThat(r.statusCode()).as(hostile).isEqualTo(400);
            assertThat(JSON.readTree(r.body()).get("error").asText()).as(hostile).isNotBlank();
        }
        assertThat(ok("/api/sql", "query", "SELECT count() AS n FROM otel.otel_logs").get("data").get(0).get("n").asText()).isEqualTo("46");
    }

    @Test
    void badRequestsGetJsonErrors() throws Exception {
        HttpResponse<String> r = get("/api/logs", "filter", "nosuch=1");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(r.body()).get("error").asText()).contains("unknown field 'nosuch'");
        assertThat(get("/api/logs", "from", "last tuesday").statusCode()).isEqualTo(400);
        HttpResponse<String> put = HTTP.send(HttpRequest.newBuilder(URI.create(url("/api/logs"))).PUT(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(put.statusCode()).isEqualTo(405);
        // Every API call is audited, refused ones with their error.
        SdkTraffic.eventually(() -> {
            JsonNode audit = ok("/api/sql", "query", "SELECT Identity, Channel, Action, Arguments, Error FROM otel.pharos_audit "
                    + "WHERE Action = '/api/logs' AND Error LIKE '%unknown field%'");
            assertThat(audit.get("data")).isNotEmpty();
            JsonNode row = audit.get("data").get(0);
            assertThat(row.get("Identity").asText()).isEqualTo("anonymous@127.0.0.1");
            assertThat(row.get("Channel").asText()).isEqualTo("api");
            assertThat(row.get("Arguments").asText()).contains("nosuch");
        });
    }

    /** Last: it adds records the counts of the other tests do not expect. */
    @Test
    @org.junit.jupiter.api.Order(Integer.MAX_VALUE)
    void liveTailDeliversANewLog() throws Exception {
        HttpResponse<InputStream> stream = HTTP.send(HttpRequest.newBuilder(URI.create(url("/api/logs/tail?filter=service%3Dtail"))).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(stream.statusCode()).isEqualTo(200);
        assertThat(stream.headers().firstValue("content-type").orElse("")).startsWith("text/event-stream");
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
            long sent = System.nanoTime();
            SdkTraffic.send(server, "tail", "tail-0");
            CompletableFuture<String> found = CompletableFuture.supplyAsync(() -> {
                try {
                    for (String line; (line = lines.readLine()) != null; ) {
                        if (line.startsWith("data: ") && line.contains("payment 0 failed")) {
                            return line;
                        }
                    }
                    return null;
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            String line = found.get(20, TimeUnit.SECONDS);
            assertThat(JSON.readTree(line.substring(6)).get("service").asText()).isEqualTo("tail");
            System.out.printf("live tail delivered a log %d ms after the SDK sent it%n", Duration.ofNanos(System.nanoTime() - sent).toMillis());
        }
    }
}
