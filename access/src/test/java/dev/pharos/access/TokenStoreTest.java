package dev.pharos.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenStoreTest {

    @TempDir
    Path dir;

    @Test
    void createdTokensVerifyUntilRevokedOrExpired() throws Exception {
        TokenStore store = new TokenStore(dir);
        TokenStore.Created c = store.create("grafana", Role.READ, Tenants.all(), null);
        assertThat(c.token()).startsWith("pht_" + c.record().id() + "_").hasSizeGreaterThan(50);
        assertThat(store.verify(c.token(), Instant.now())).hasValueSatisfying(id -> {
            assertThat(id.name()).isEqualTo("grafana");
            assertThat(id.role()).isEqualTo(Role.READ);
        });
        String file = Files.readString(store.file());
        assertThat(file).doesNotContain(c.token()).doesNotContain(c.token().substring(c.token().lastIndexOf('_') + 1));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(store.file()))).isEqualTo("rw-------");

        // Another process (the CLI) revokes it: a second store on the same directory sees it at once.
        new TokenStore(dir).revoke("grafana");
        TokenStore fresh = new TokenStore(dir);
        assertThat(fresh.verify(c.token(), Instant.now())).isEmpty();

        TokenStore.Created shortLived = store.create("ci", Role.INGEST, Tenants.all(), Duration.ofMinutes(5));
        // A running server re-reads the file at most once a second.
        Thread.sleep(1100);
        assertThat(fresh.verify(shortLived.token(), Instant.now())).isPresent();
        assertThat(fresh.verify(shortLived.token(), Instant.now().plus(Duration.ofMinutes(6)))).isEmpty();
        store.revoke("ci");
        Thread.sleep(1100);
        assertThat(fresh.verify(shortLived.token(), Instant.now())).isEmpty();
    }

    @Test
    void malformedAndForgedTokensAreRefused() {
        TokenStore store = new TokenStore(dir);
        TokenStore.Created c = store.create("root", Role.ADMIN, Tenants.all(), null);
        String t = c.token();
        for (String bad : new String[] {null, "", "pht_", "pht_" + c.record().id(), "pht_" + c.record().id() + "_x",
            t.substring(0, t.length() - 1) + (t.endsWith("A") ? "B" : "A"), "Bearer " + t, t + " ", "x".repeat(10_000)}) {
            assertThat(store.verify(bad, Instant.now())).as(String.valueOf(bad).substring(0, Math.min(20, String.valueOf(bad).length()))).isEmpty();
        }
    }

    @Test
    void namesAndRolesAreChecked() {
        TokenStore store = new TokenStore(dir);
        store.create("a", Role.READ, Tenants.all(), null);
        assertThatThrownBy(() -> store.create("a", Role.READ, Tenants.all(), null)).hasMessageContaining("exists");
        assertThatThrownBy(() -> store.create("no spaces", Role.READ, Tenants.all(), null)).hasMessageContaining("token name");
        assertThatThrownBy(() -> Role.parse("root")).hasMessageContaining("use ingest, read or admin");
        assertThatThrownBy(() -> store.revoke("nobody")).hasMessageContaining("no active token");
        assertThat(Role.ADMIN.allows(Role.INGEST)).isTrue();
        assertThat(Role.READ.allows(Role.INGEST)).isFalse();
        assertThat(Role.INGEST.allows(Role.READ)).isFalse();
    }
}
