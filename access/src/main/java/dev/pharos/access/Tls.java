package dev.pharos.access;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;

/**
 * TLS for every Pharos listener: a PKCS12 key store (certificate chain + private key) and the file
 * holding its password; optionally {@code clientCa}, the PEM certificate(s) that must have signed
 * the certificate an agent presents on the OTLP ports (mutual TLS).
 *
 * <p>{@link #selfSigned} makes a quick-start certificate with the JDK's own {@code keytool}: the JDK
 * has no public API to issue a certificate, and keytool is in every JDK, so no extra dependency.
 */
public record Tls(Path keystore, Path passwordFile, Path clientCa) {

    /** TLS without client certificates. */
    public Tls(Path keystore, Path passwordFile) {
        this(keystore, passwordFile, null);
    }

    /** What {@link #selfSigned} wrote. */
    public record Generated(Path keystore, Path passwordFile, Path certificatePem) {}

    public KeyManagerFactory keyManagers() {
        try (InputStream in = java.nio.file.Files.newInputStream(keystore)) {
            char[] password = java.nio.file.Files.readString(passwordFile).strip().toCharArray();
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(in, password);
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, password);
            return kmf;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot load the TLS key store " + keystore + " with the password in " + passwordFile
                    + ": " + e.getMessage(), e);
        }
    }

    /**
     * An EC P-256 key and a self-signed certificate valid {@code days} days for {@code hosts}
     * (names and IP addresses), in {@code dir}: pharos.p12, pharos.p12.password (mode 600) and
     * pharos.crt (PEM, for clients to trust).
     */
    public static Generated selfSigned(Path dir, List<String> hosts, int days) {
        try {
            java.nio.file.Files.createDirectories(dir);
            Path p12 = dir.resolve("pharos.p12");
            Path pass = dir.resolve("pharos.p12.password");
            Path pem = dir.resolve("pharos.crt");
            if (java.nio.file.Files.exists(p12)) {
                throw new IllegalArgumentException(p12 + " exists; remove it first or choose another directory");
            }
            byte[] secret = new byte[24];
            new SecureRandom().nextBytes(secret);
            String password = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
            java.nio.file.Files.writeString(pass, password + "\n", StandardCharsets.UTF_8);
            try {
                java.nio.file.Files.setPosixFilePermissions(pass, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException ignored) {
                // not a POSIX file system
            }
            List<String> san = new ArrayList<>();
            for (String h : hosts) {
                san.add((h.matches("[0-9.]+") || h.contains(":") ? "ip:" : "dns:") + h);
            }
            keytool("-genkeypair", "-alias", "pharos", "-keyalg", "EC", "-groupname", "secp256r1", "-sigalg", "SHA256withECDSA",
                    "-dname", "CN=" + hosts.getFirst(), "-ext", "SAN=" + String.join(",", san), "-validity", Integer.toString(days),
                    "-keystore", p12.toString(), "-storetype", "PKCS12", "-storepass", password, "-keypass", password);
            try {
                java.nio.file.Files.setPosixFilePermissions(p12, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException ignored) {
                // not a POSIX file system
            }
            keytool("-exportcert", "-rfc", "-alias", "pharos", "-keystore", p12.toString(), "-storetype", "PKCS12",
                    "-storepass", password, "-file", pem.toString());
            return new Generated(p12, pass, pem);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the TLS files in " + dir, e);
        }
    }

    private static void keytool(String... args) throws IOException {
        Path java = Path.of(ProcessHandle.current().info().command().orElseThrow(() -> new IOException("cannot find the running JDK")));
        List<String> cmd = new ArrayList<>(List.of(java.resolveSibling("keytool").toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException("keytool failed: " + out.strip());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running keytool", e);
        }
    }
}
