package dev.pharos.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pharos.access.Tls;
import dev.pharos.app.config.PharosConfig;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.opentelemetry.api.logs.Severity;
import io.opentelemetry.exporter.otlp.http.logs.OtlpHttpLogRecordExporter;
import io.opentelemetry.exporter.otlp.logs.OtlpGrpcLogRecordExporter;
import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import io.opentelemetry.sdk.logs.export.BatchLogRecordProcessor;
import io.opentelemetry.sdk.logs.export.LogRecordExporter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every listener over TLS with a certificate from Tls.selfSigned (pharos tls self-signed): HTTP API, MCP, OTLP/HTTP and OTLP/gRPC. */
class TlsTest {

    @TempDir
    static Path dir;
    static AllInOne server;
    static Tls.Generated files;
    static SSLContext trusting;

    @BeforeAll
    static void start() throws Exception {
        files = Tls.selfSigned(dir.resolve("tls"), List.of("localhost", "127.0.0.1"), 2);
        PharosConfig base = TestServers.config(dir.resolve("data"), "none");
        server = AllInOne.start(new PharosConfig(base.dataDir(), base.listen(), base.storage(), base.retention(), base.otlp(), base.ingest(),
                base.query(), base.auth(), new PharosConfig.TlsFiles(files.keystore().toString(), files.passwordFile().toString())));
        trusting = TestServers.trusting(Files.readAllBytes(files.certificatePem()));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void telemetryInAndQueriesOutOverTls() throws Exception {
        assertThat(server.tls()).isTrue();
        byte[] pem = Files.readAllBytes(files.certificatePem());
        for (LogRecordExporter exporter : List.of(
                OtlpHttpLogRecordExporter.builder().setEndpoint("https://localhost:" + server.otlpHttpPort() + "/v1/logs").setTrustedCertificates(pem).build(),
                OtlpGrpcLogRecordExporter.builder().setEndpoint("https://localhost:" + server.otlpGrpcPort()).setTrustedCertificates(pem).build())) {
            try (SdkLoggerProvider logs = SdkLoggerProvider.builder().setResource(SdkTraffic.resource("secure", "secure-0"))
                    .addLogRecordProcessor(BatchLogRecordProcessor.builder(exporter).build()).build()) {
                logs.get("tls").logRecordBuilder().setSeverity(Severity.WARN).setBody("sent over TLS").emit();
                assertThat(logs.forceFlush().join(20, TimeUnit.SECONDS).isSuccess()).isTrue();
            }
        }
        SdkTraffic.awaitDrained(server);
        HttpClient https = HttpClient.newBuilder().sslContext(trusting).build();
        HttpResponse<String> r = https.send(HttpRequest.newBuilder(URI.create("https://localhost:" + server.httpPort()
                + "/api/sql?format=TSV")).POST(HttpRequest.BodyPublishers.ofString("SELECT count() FROM otel.otel_logs WHERE Body = 'sent over TLS'")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.body()).isEqualTo("2\n");
        try (McpSyncClient mcp = McpClient.sync(HttpClientStreamableHttpTransport.builder("https://localhost:" + server.httpPort()).endpoint("/mcp")
                .clientBuilder(HttpClient.newBuilder().sslContext(trusting)).build()).build()) {
            mcp.initialize();
            assertThat(mcp.listTools().tools()).hasSize(7);
        }
    }

    @Test
    void plainHttpAndUntrustedClientsGetNothing() {
        HttpClient plain = HttpClient.newHttpClient();
        assertThatThrownBy(() -> plain.send(HttpRequest.newBuilder(URI.create("http://localhost:" + server.httpPort() + "/api/logs")).build(),
                HttpResponse.BodyHandlers.ofString())).isInstanceOf(java.io.IOException.class);
        assertThatThrownBy(() -> plain.send(HttpRequest.newBuilder(URI.create("https://localhost:" + server.httpPort() + "/healthz")).build(),
                HttpResponse.BodyHandlers.ofString())).as("a client that does not trust the certificate").isInstanceOf(java.io.IOException.class);
    }
}
