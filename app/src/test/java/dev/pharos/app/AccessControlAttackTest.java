package dev.pharos.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pharos.access.Role;
import dev.pharos.access.Tenants;
import dev.pharos.access.TokenStore;
import dev.pharos.app.config.ConfigException;
import dev.pharos.app.config.PharosConfig;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every route of both listeners, taken from the servers' own route tables so none is missed, tried
 * with no token, a garbage one, an expired one, a revoked one and the wrong role; then path
 * traversal and oversized headers. All refused, nothing served, the server stays up.
 */
class AccessControlAttackTest {

    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    static Path dir;
    static AllInOne server;
    static String admin;
    static String read;
    static String ingest;
    static String expired;
    static String revoked;

    @BeforeAll
    static void start() throws Exception {
        Path data = dir.resolve("data");
        TokenStore tokens = new TokenStore(data.toAbsolutePath());
        admin = tokens.create("root", Role.ADMIN, Tenants.all(), null).token();
        read = tokens.create("grafana", Role.READ, Tenants.all(), null).token();
        ingest = tokens.create("agent", Role.INGEST, Tenants.all(), null).token();
        expired = tokens.create("old", Role.ADMIN, Tenants.all(), Duration.ofMillis(1)).token();
        revoked = tokens.create("leaked", Role.ADMIN, Tenants.all(), null).token();
        tokens.revoke("leaked");
        server = AllInOne.start(TestServers.config(data, "tokens"));
        Thread.sleep(5);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static String concrete(String pattern) {
        return pattern.replaceAll("\\{[^}]+}", "0123456789abcdef0123456789abcdef").replaceAll(":[A-Za-z]+", "x")
                .replace("/*", "/index.html").replace("prefix:", "");
    }

    static HttpResponse<String> send(int port, String method, String path, String authorization) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(20))
                .method(method, HttpRequest.BodyPublishers.ofByteArray(new byte[0]));
        if (method.equals("POST")) {
            b.header("content-type", path.startsWith("/opentelemetry") ? "application/grpc" : "application/x-protobuf");
        }
        if (authorization != null) {
            b.header("authorization", authorization);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Only the status: the body may be an endless event stream (live tail). */
    static int status(int port, String method, String path, String authorization) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(20))
                .method(method, HttpRequest.BodyPublishers.ofByteArray(new byte[0]));
        if (method.equals("POST")) {
            b.header("content-type", path.startsWith("/opentelemetry") ? "application/grpc" : "application/x-protobuf");
        }
        b.header("authorization", authorization);
        HttpResponse<java.io.InputStream> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
        r.body().close();
        return r.statusCode();
    }

    static String bearer(String t) {
        return "Bearer " + t;
    }

    @Test
    void everyHttpRouteRefusesWhoShouldBeRefused() throws Exception {
        List<String> routes = server.httpRoutes();
        assertThat(routes).contains("/api/logs", "/api/sql", "/mcp", "/metrics", "/healthz");
        List<String> checked = new ArrayList<>();
        for (String pattern : routes) {
            String path = concrete(pattern);
            String method = path.equals("/mcp") ? "POST" : "GET";
            if (path.equals("/healthz") || path.equals("/readyz")) {
                assertThat(send(server.httpPort(), "GET", path, null).statusCode()).as(path).isIn(200, 503);
                continue;
            }
            for (String auth : new String[] {null, bearer("pht_nope_nope"), bearer(expired), bearer(revoked), "Bearer ", "Basic !!!",
                "Basic " + Base64.getEncoder().encodeToString("root:wrong".getBytes(StandardCharsets.UTF_8))}) {
                HttpResponse<String> r = send(server.httpPort(), method, path, auth);
                assertThat(r.statusCode()).as(method + " " + path + " with " + auth).isEqualTo(401);
                assertThat(r.headers().firstValue("www-authenticate")).as(path).isPresent();
                assertThat(r.body()).doesNotContain("otel_logs").doesNotContain("<html");
            }
            assertThat(status(server.httpPort(), method, path, bearer(ingest))).as(path + " with an ingest token").isEqualTo(403);
            assertThat(status(server.httpPort(), method, path, bearer(read))).as(path + " with a read token").isNotIn(401, 403);
            assertThat(status(server.httpPort(), method, path, bearer(admin))).as(path + " with an admin token").isNotIn(401, 403);
            checked.add(path);
        }
        assertThat(checked).hasSizeGreaterThanOrEqualTo(12);
        // The browser logs in with basic auth: any user name, the token as password.
        HttpResponse<String> ui = send(server.httpPort(), "GET", "/ui/", "Basic " + Base64.getEncoder().encodeToString(("alice:" + read).getBytes(StandardCharsets.UTF_8)));
        assertThat(ui.statusCode()).isEqualTo(200);
        assertThat(send(server.httpPort(), "GET", "/ui/", null).headers().allValues("www-authenticate")).anyMatch(v -> v.startsWith("Basic"))
                .anyMatch(v -> v.startsWith("Bearer"));
    }

    @Test
    void everyOtlpRouteNeedsAnIngestToken() throws Exception {
        List<String> routes = server.otlpRoutes();
        assertThat(routes).hasSize(7).contains("/api/v1/write");
        for (String pattern : routes) {
            String path = concrete(pattern);
            for (int port : new int[] {server.otlpGrpcPort(), server.otlpHttpPort()}) {
                assertThat(send(port, "POST", path, null).statusCode()).as(path).isEqualTo(401);
                assertThat(send(port, "POST", path, bearer(revoked)).statusCode()).as(path).isEqualTo(401);
                assertThat(send(port, "POST", path, bearer(read)).statusCode()).as(path + " with a read token").isEqualTo(403);
                assertThat(status(port, "POST", path, bearer(ingest))).as(path + " with an ingest token").isNotIn(401, 403);
            }
        }
    }

    @Test
    void traversalAndOversizedHeadersAreRefusedAndTheServerStaysUp() throws Exception {
        for (String path : new String[] {"/ui/../../../../etc/passwd", "/ui/%2e%2e/%2e%2e/etc/passwd", "/ui/..%2f..%2fetc%2fpasswd"}) {
            HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.httpPort() + path))
                    .header("authorization", bearer(read)).build();
            HttpResponse<String> r = HTTP.send(req, HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(path).isNotEqualTo(200);
            assertThat(r.body()).doesNotContain("root:");
        }
        // Headers beyond the limit: an error status, or the connection is closed (HTTP/2 resets it); never served.
        try {
            HttpResponse<String> big = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.httpPort() + "/api/logs"))
                    .header("authorization", bearer(read)).header("x-junk", "a".repeat(64 * 1024)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(big.statusCode()).isIn(400, 413, 431);
        } catch (java.io.IOException closed) {
            assertThat(closed).hasMessageContaining("EOF");
        }
        assertThat(send(server.httpPort(), "GET", "/healthz", null).statusCode()).isEqualTo(200);
    }

    @Test
    void mcpClientsAuthenticateWithABearerToken() {
        try (McpSyncClient ok = McpClient.sync(HttpClientStreamableHttpTransport.builder("http://127.0.0.1:" + server.httpPort()).endpoint("/mcp")
                .requestBuilder(HttpRequest.newBuilder().header("Authorization", bearer(read))).build()).build()) {
            ok.initialize();
            assertThat(ok.listTools().tools()).hasSize(7);
        }
        try (McpSyncClient anonymous = McpClient.sync(HttpClientStreamableHttpTransport.builder("http://127.0.0.1:" + server.httpPort())
                .endpoint("/mcp").build()).requestTimeout(Duration.ofSeconds(10)).initializationTimeout(Duration.ofSeconds(10)).build()) {
            assertThatThrownBy(anonymous::initialize).isInstanceOf(RuntimeException.class);
        }
    }

    @Test
    void onlyAdminsReadTheAuditLog() throws Exception {
        send(server.httpPort(), "GET", "/api/logs", bearer(read));
        String count = "/api/sql?format=TSV&query=" + java.net.URLEncoder.encode("SELECT count() FROM otel.pharos_audit", StandardCharsets.UTF_8);
        assertThat(send(server.httpPort(), "GET", count, bearer(read)).body()).isEqualTo("0\n");
        SdkTraffic.eventually(() -> assertThat(Long.parseLong(send(server.httpPort(), "GET", count, bearer(admin)).body().strip())).isPositive());
    }

    @Test
    void otherAddressesNeedAuthentication() {
        PharosConfig open = TestServers.config(dir.resolve("other"), "none");
        PharosConfig exposed = new PharosConfig(open.dataDir(), new PharosConfig.Listen("0.0.0.0", 0), open.storage(), open.retention(),
                open.otlp(), open.ingest(), open.query(), open.auth(), open.tls());
        assertThatThrownBy(() -> AllInOne.start(exposed)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("without authentication").hasMessageContaining("auth.mode: tokens");
    }
}
