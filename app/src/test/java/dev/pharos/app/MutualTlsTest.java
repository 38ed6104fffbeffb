package dev.pharos.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pharos.access.Tls;
import dev.pharos.app.config.PharosConfig;
import io.opentelemetry.api.logs.Severity;
import io.opentelemetry.exporter.otlp.http.logs.OtlpHttpLogRecordExporterBuilder;
import io.opentelemetry.exporter.otlp.logs.OtlpGrpcLogRecordExporter;
import io.opentelemetry.exporter.otlp.http.logs.OtlpHttpLogRecordExporter;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import io.opentelemetry.sdk.logs.export.LogRecordExporter;
import io.opentelemetry.sdk.logs.export.SimpleLogRecordProcessor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Agent → gateway with mutual TLS: the OTel SDK with a certificate from the configured CA gets in; without one it does not. */
class MutualTlsTest {

    static final String PASS = "test-pass";

    @TempDir
    static Path dir;
    static AllInOne server;
    static byte[] serverCert;
    static byte[] agentCert;
    static byte[] agentKey;

    @BeforeAll
    static void start() throws Exception {
        Tls.Generated tls = Tls.selfSigned(dir.resolve("tls"), List.of("localhost", "127.0.0.1"), 2);
        Path ca = dir.resolve("ca");
        Files.createDirectories(ca);
        // A CA and an agent certificate it signs, with the JDK's keytool as an operator would.
        keytool("-genkeypair", "-alias", "ca", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=pharos-agents-ca", "-ext", "bc:c",
                "-validity", "2", "-keystore", ca.resolve("ca.p12").toString(), "-storetype", "PKCS12", "-storepass", PASS);
        keytool("-exportcert", "-rfc", "-alias", "ca", "-keystore", ca.resolve("ca.p12").toString(), "-storepass", PASS, "-file", ca.resolve("ca.crt").toString());
        keytool("-genkeypair", "-alias", "agent", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=agent-1", "-validity", "2",
                "-keystore", ca.resolve("agent.p12").toString(), "-storetype", "PKCS12", "-storepass", PASS);
        keytool("-certreq", "-alias", "agent", "-keystore", ca.resolve("agent.p12").toString(), "-storepass", PASS, "-file", ca.resolve("agent.csr").toString());
        keytool("-gencert", "-alias", "ca", "-keystore", ca.resolve("ca.p12").toString(), "-storepass", PASS, "-infile", ca.resolve("agent.csr").toString(),
                "-outfile", ca.resolve("agent.crt").toString(), "-rfc", "-ext", "eku=clientAuth", "-validity", "2");
        agentCert = Files.readAllBytes(ca.resolve("agent.crt"));
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(ca.resolve("agent.p12"))) {
            ks.load(in, PASS.toCharArray());
        }
        agentKey = ("-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder().encodeToString(ks.getKey("agent", PASS.toCharArray()).getEncoded())
                + "\n-----END PRIVATE KEY-----\n").getBytes(StandardCharsets.US_ASCII);
        serverCert = Files.readAllBytes(tls.certificatePem());
        PharosConfig base = TestServers.config(dir.resolve("data"), "none");
        server = AllInOne.start(new PharosConfig(base.dataDir(), base.listen(), base.storage(), base.retention(), base.otlp(), base.ingest(),
                base.query(), base.auth(), new PharosConfig.TlsFiles(tls.keystore().toString(), tls.passwordFile().toString(),
                        ca.resolve("ca.crt").toString())));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static void keytool(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(ProcessHandle.current().info().command().orElseThrow()).resolveSibling("keytool").toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
    }

    static boolean export(LogRecordExporter exporter, String body) {
        try (SdkLoggerProvider logs = SdkLoggerProvider.builder().setResource(SdkTraffic.resource("agent", "agent-1"))
                .addLogRecordProcessor(SimpleLogRecordProcessor.create(exporter)).build()) {
            logs.get("mtls").logRecordBuilder().setSeverity(Severity.INFO).setBody(body).emit();
            CompletableResultCode flushed = logs.forceFlush().join(20, TimeUnit.SECONDS);
            return flushed.isSuccess();
        }
    }

    static long count(String body) throws Exception {
        SdkTraffic.awaitDrained(server);
        javax.net.ssl.SSLContext ssl = TestServers.trusting(serverCert);
        // The HTTP listener is TLS too, without client certificates (those are for the OTLP ports).
        return Long.parseLong(new String(java.net.http.HttpClient.newBuilder().sslContext(ssl).build().send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create("https://localhost:" + server.httpPort() + "/api/sql?format=TSV")).POST(
                java.net.http.HttpRequest.BodyPublishers.ofString("SELECT count() FROM otel.otel_logs WHERE Body = '" + body + "'")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofByteArray()).body(), StandardCharsets.UTF_8).strip());
    }

    @Test
    void agentsWithACertificateFromTheCaGetIn() throws Exception {
        String http = "https://localhost:" + server.otlpHttpPort() + "/v1/logs";
        String grpc = "https://localhost:" + server.otlpGrpcPort();
        assertThat(export(OtlpHttpLogRecordExporter.builder().setEndpoint(http).setTrustedCertificates(serverCert)
                .setClientTls(agentKey, agentCert).build(), "with a client certificate")).isTrue();
        assertThat(export(OtlpGrpcLogRecordExporter.builder().setEndpoint(grpc).setTrustedCertificates(serverCert)
                .setClientTls(agentKey, agentCert).build(), "with a client certificate")).isTrue();
        assertThat(count("with a client certificate")).isEqualTo(2);

        OtlpHttpLogRecordExporterBuilder noCert = OtlpHttpLogRecordExporter.builder().setEndpoint(http).setTrustedCertificates(serverCert);
        assertThat(export(noCert.build(), "without a client certificate")).isFalse();
        assertThat(export(OtlpGrpcLogRecordExporter.builder().setEndpoint(grpc).setTrustedCertificates(serverCert).build(),
                "without a client certificate")).isFalse();
        assertThat(count("without a client certificate")).isZero();
    }
}
