package dev.pharos.app;

import dev.pharos.app.config.PharosConfig;
import java.nio.file.Path;

/** The all-in-one server as the end-to-end tests run it: loopback, free ports, 2 GiB engine, 200 ms batches. */
final class TestServers {

    private TestServers() {}

    static PharosConfig config(Path dataDir, String authMode) {
        return new PharosConfig(dataDir.toString(), new PharosConfig.Listen("127.0.0.1", 0),
                new PharosConfig.Storage(null, null, new PharosConfig.Embedded("2GiB", null, "warning")), null,
                new PharosConfig.Otlp(0, 0, null, null), new PharosConfig.Ingest(null, null, "200ms", null, null, null, null), null,
                new PharosConfig.Auth(authMode), null);
    }

    /** A TLS context that trusts exactly the PEM certificate given (a self-signed server's). */
    static javax.net.ssl.SSLContext trusting(byte[] certificatePem) throws Exception {
        java.security.KeyStore trust = java.security.KeyStore.getInstance(java.security.KeyStore.getDefaultType());
        trust.load(null, null);
        trust.setCertificateEntry("pharos", java.security.cert.CertificateFactory.getInstance("X.509")
                .generateCertificate(new java.io.ByteArrayInputStream(certificatePem)));
        javax.net.ssl.TrustManagerFactory tmf = javax.net.ssl.TrustManagerFactory.getInstance(javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        javax.net.ssl.SSLContext ssl = javax.net.ssl.SSLContext.getInstance("TLS");
        ssl.init(null, tmf.getTrustManagers(), null);
        return ssl;
    }

    static AllInOne start(Path dataDir) {
        return AllInOne.start(config(dataDir, "none"));
    }
}
