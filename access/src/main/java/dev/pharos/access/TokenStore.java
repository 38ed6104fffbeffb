package dev.pharos.access;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * API tokens in {@code <data>/access/tokens.json} (mode 600). A file, not a table: {@code pharos
 * token} must work while the server holds the embedded engine, and the server picks changes up
 * within a second (it re-reads the file when its modification time changes).
 *
 * <p>A token reads {@code pht_<id>_<secret>}: the id finds the record, the whole token's SHA-256
 * must match, compared in constant time.
 */
public final class TokenStore {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String PREFIX = "pht_";

    /** A token just created: the only moment its secret exists outside the caller's hands. */
    public record Created(TokenRecord record, String token) {}

    private final Path file;
    private volatile List<TokenRecord> cached = List.of();
    private volatile FileTime cachedAt;
    private volatile long checkedAtNanos;

    public TokenStore(Path dataDir) {
        this.file = dataDir.resolve("access").resolve("tokens.json");
    }

    public Path file() {
        return file;
    }

    public synchronized Created create(String name, Role role, Tenants tenants, Duration validFor) {
        if (name == null || !name.matches("[A-Za-z0-9._@-]{1,64}")) {
            throw new IllegalArgumentException("token name must be 1-64 letters, digits or . _ @ -");
        }
        List<TokenRecord> all = new ArrayList<>(load());
        if (all.stream().anyMatch(t -> t.name().equals(name) && !t.revoked())) {
            throw new IllegalArgumentException("a token named '" + name + "' exists; revoke it first or choose another name");
        }
        byte[] idBytes = new byte[6];
        byte[] secret = new byte[32];
        RANDOM.nextBytes(idBytes);
        RANDOM.nextBytes(secret);
        String id = HexFormat.of().formatHex(idBytes);
        String token = PREFIX + id + "_" + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        Instant now = Instant.now();
        TokenRecord record = new TokenRecord(id, name, role.label(), sha256(token), now.toString(),
                validFor == null ? null : now.plus(validFor).toString(), false, tenants.names());
        all.add(record);
        save(all);
        return new Created(record, token);
    }

    public synchronized TokenRecord revoke(String idOrName) {
        List<TokenRecord> all = new ArrayList<>(load());
        for (int i = 0; i < all.size(); i++) {
            TokenRecord t = all.get(i);
            if (!t.revoked() && (t.id().equals(idOrName) || t.name().equals(idOrName))) {
                TokenRecord revoked = t.asRevoked();
                all.set(i, revoked);
                save(all);
                return revoked;
            }
        }
        throw new IllegalArgumentException("no active token with id or name '" + idOrName + "'");
    }

    public List<TokenRecord> list() {
        return load();
    }

    /** The identity of a presented token, or empty when it is unknown, revoked, expired or malformed. */
    public Optional<Identity> verify(String token, Instant now) {
        if (token == null || !token.startsWith(PREFIX) || token.length() > 200) {
            return Optional.empty();
        }
        int sep = token.indexOf('_', PREFIX.length());
        if (sep < 0) {
            return Optional.empty();
        }
        String id = token.substring(PREFIX.length(), sep);
        byte[] presented = sha256(token).getBytes(StandardCharsets.US_ASCII);
        for (TokenRecord t : current()) {
            if (t.id().equals(id)) {
                boolean valid = MessageDigest.isEqual(presented, t.sha256().getBytes(StandardCharsets.US_ASCII))
                        && !t.revoked() && (t.expires() == null || now.isBefore(Instant.parse(t.expires())));
                return valid ? Optional.of(new Identity(t.name(), Role.parse(t.role()), t.id(), t.tenantSet())) : Optional.empty();
            }
        }
        return Optional.empty();
    }

    /** The records, re-read at most once a second and only when the file changed. */
    private List<TokenRecord> current() {
        long now = System.nanoTime();
        if (now - checkedAtNanos > 1_000_000_000L) {
            checkedAtNanos = now;
            try {
                FileTime modified = Files.exists(file) ? Files.getLastModifiedTime(file) : null;
                if (modified == null || !modified.equals(cachedAt)) {
                    cached = load();
                    cachedAt = modified;
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file, e);
            }
        }
        return cached;
    }

    private List<TokenRecord> load() {
        if (!Files.exists(file)) {
            return List.of();
        }
        try {
            return JSON.readValue(file.toFile(), new TypeReference<List<TokenRecord>>() {});
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the token file " + file + ": " + e.getMessage(), e);
        }
    }

    private void save(List<TokenRecord> all) {
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling("tokens.json.tmp");
            Files.writeString(tmp, JSON.writeValueAsString(all));
            try {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException ignored) {
                // not a POSIX file system
            }
            try {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
            checkedAtNanos = 0;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the token file " + file, e);
        }
    }

    static String sha256(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
