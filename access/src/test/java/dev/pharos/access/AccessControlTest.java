package dev.pharos.access;

import static org.assertj.core.api.Assertions.assertThat;

import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServiceRequestContext;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The decorator on its own, with Armeria's request contexts: trusted-header mode. */
class AccessControlTest {

    @TempDir
    Path dir;

    int status(AccessControl access, String remote, String path, String... headers) throws Exception {
        com.linecorp.armeria.common.RequestHeadersBuilder h = RequestHeaders.builder(HttpMethod.GET, path);
        for (int i = 0; i < headers.length; i += 2) {
            h.add(headers[i], headers[i + 1]);
        }
        HttpRequest req = HttpRequest.of(h.build());
        ServiceRequestContext ctx = ServiceRequestContext.builder(req).remoteAddress(new InetSocketAddress(remote, 40000)).build();
        AtomicReference<Identity> seen = new AtomicReference<>();
        HttpService ok = (c, r) -> {
            seen.set(AccessControl.identity(c));
            return HttpResponse.of(HttpStatus.OK);
        };
        HttpResponse res = access.decorator(p -> p.equals("/healthz") ? null : Role.READ).serve(ok, ctx, req);
        int code = res.aggregate().join().status().code();
        if (code == 200 && seen.get() != null) {
            lastIdentity = seen.get();
        }
        return code;
    }

    Identity lastIdentity;

    @Test
    void theProxyNamesTheUserOnlyFromItsOwnAddress() throws Exception {
        TokenStore tokens = new TokenStore(dir);
        String script = tokens.create("script", Role.READ, Tenants.all(), null).token();
        AccessControl access = new AccessControl(AccessControl.Mode.TRUSTED_HEADER, tokens, null,
                new AccessControl.TrustedHeader("X-Forwarded-User", Role.READ, Set.of("10.0.0.5"), "X-Forwarded-Groups", Tenants.of("default")));
        assertThat(status(access, "10.0.0.5", "/api/logs", "X-Forwarded-User", "alice@example.com")).isEqualTo(200);
        assertThat(lastIdentity.name()).isEqualTo("alice@example.com");
        assertThat(lastIdentity.role()).isEqualTo(Role.READ);
        assertThat(lastIdentity.tenants()).isEqualTo(Tenants.of("default"));
        assertThat(status(access, "10.0.0.5", "/api/logs", "X-Forwarded-User", "bob", "X-Forwarded-Groups", "acme, globex")).isEqualTo(200);
        assertThat(lastIdentity.tenants().names()).containsExactly("acme", "globex");
        assertThat(status(access, "10.0.0.5", "/api/logs", "X-Forwarded-User", "bob", "X-Forwarded-Groups", "acme,'; DROP"))
                .as("a tenant list that is not names is refused, not trimmed").isEqualTo(401);
        assertThat(status(access, "10.0.0.9", "/api/logs", "X-Forwarded-User", "alice@example.com")).as("not the proxy").isEqualTo(401);
        assertThat(status(access, "10.0.0.5", "/api/logs")).as("the proxy without a user").isEqualTo(401);
        assertThat(status(access, "10.0.0.9", "/api/logs", "Authorization", "Bearer " + script)).as("tokens still work").isEqualTo(200);
        assertThat(lastIdentity.name()).isEqualTo("script");
        assertThat(status(access, "10.0.0.9", "/healthz")).isEqualTo(200);
    }
}
