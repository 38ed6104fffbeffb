package dev.pharos.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pharos.access.Role;
import dev.pharos.access.Tenants;
import dev.pharos.access.TokenStore;
import dev.pharos.app.config.PharosConfig;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Per-identity query limits through a real server: concurrency held by open live tails, then the request rate. */
class IdentityLimitsEndToEndTest {

    @TempDir
    Path dir;

    @Test
    void queriesAreLimitedPerIdentityWith429() throws Exception {
        PharosConfig base = TestServers.config(dir.resolve("data"), "tokens");
        PharosConfig tight = new PharosConfig(base.dataDir(), base.listen(), base.storage(), base.retention(), base.otlp(), base.ingest(),
                base.query(), new PharosConfig.Auth("tokens", 1.0, 3, 2), base.tls());
        TokenStore tokens = new TokenStore(dir.resolve("data").toAbsolutePath());
        String alice = tokens.create("alice", Role.READ, Tenants.all(), null).token();
        String bob = tokens.create("bob", Role.READ, Tenants.all(), null).token();
        try (AllInOne limited = AllInOne.start(tight)) {
            // Two open live tails hold alice's two query slots.
            HttpResponse<java.io.InputStream> t1 = AccessControlAttackTest.HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + limited.httpPort()
                    + "/api/logs/tail")).header("authorization", AccessControlAttackTest.bearer(alice)).build(), HttpResponse.BodyHandlers.ofInputStream());
            HttpResponse<java.io.InputStream> t2 = AccessControlAttackTest.HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + limited.httpPort()
                    + "/api/logs/tail")).header("authorization", AccessControlAttackTest.bearer(alice)).build(), HttpResponse.BodyHandlers.ofInputStream());
            assertThat(t1.statusCode()).isEqualTo(200);
            assertThat(t2.statusCode()).isEqualTo(200);
            HttpResponse<String> third = AccessControlAttackTest.send(limited.httpPort(), "GET", "/api/services", AccessControlAttackTest.bearer(alice));
            assertThat(third.statusCode()).isEqualTo(429);
            assertThat(third.body()).contains("already running");
            assertThat(AccessControlAttackTest.send(limited.httpPort(), "GET", "/api/services", AccessControlAttackTest.bearer(bob)).statusCode()).as("bob has his own slots").isEqualTo(200);
            t1.body().close();
            t2.body().close();
            // Bob's burst of 3 is spent by now (one call above plus these two); the next is refused with Retry-After.
            AccessControlAttackTest.send(limited.httpPort(), "GET", "/api/services", AccessControlAttackTest.bearer(bob));
            AccessControlAttackTest.send(limited.httpPort(), "GET", "/api/services", AccessControlAttackTest.bearer(bob));
            HttpResponse<String> tooFast = AccessControlAttackTest.send(limited.httpPort(), "GET", "/api/services", AccessControlAttackTest.bearer(bob));
            assertThat(tooFast.statusCode()).isEqualTo(429);
            assertThat(tooFast.headers().firstValue("retry-after")).hasValue("1");
            assertThat(AccessControlAttackTest.send(limited.otlpHttpPort(), "POST", "/v1/logs", AccessControlAttackTest.bearer(bob)).statusCode()).as("a read token may not ingest").isEqualTo(403);
        }
    }

}
