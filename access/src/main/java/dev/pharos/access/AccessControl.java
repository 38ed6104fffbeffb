package dev.pharos.access;

import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.server.DecoratingHttpServiceFunction;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.netty.util.AttributeKey;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.function.Function;

/**
 * The check every Pharos listener runs before anything else. In {@code none} mode (dev, loopback
 * only) every caller is the local admin; in {@code tokens} mode a request needs a valid API token,
 * as {@code Authorization: Bearer <token>} or as the password of HTTP basic auth (so a browser can
 * log in to the UI), and its role must allow the route.
 */
public final class AccessControl {

    /**
     * {@code NONE}: nobody is asked (dev mode, loopback only). {@code TOKENS}: API tokens.
     * {@code TRUSTED_HEADER}: behind an authenticating proxy, which names the user in a header; API
     * tokens are accepted too (agents and scripts do not go through the proxy).
     */
    public enum Mode { NONE, TOKENS, TRUSTED_HEADER }

    /**
     * The trusted-header settings: {@code header} names the user; only requests from {@code proxies}
     * (addresses) may use it, everyone else must bring a token; header users get {@code role} and
     * {@code tenants}, or the comma-separated tenants in {@code tenantsHeader} when it is set and sent.
     */
    public record TrustedHeader(String header, Role role, java.util.Set<String> proxies, String tenantsHeader, Tenants tenants) {}

    private static final AttributeKey<Identity> IDENTITY = AttributeKey.valueOf(AccessControl.class, "identity");

    private final Mode mode;
    private final TokenStore tokens;
    private final IdentityLimits limits;
    private final TrustedHeader trusted;

    /** @param limits applied to query routes (role read), per identity; null for none */
    public AccessControl(Mode mode, TokenStore tokens, IdentityLimits limits) {
        this(mode, tokens, limits, null);
    }

    /** @param trusted required in {@link Mode#TRUSTED_HEADER} mode, ignored otherwise */
    public AccessControl(Mode mode, TokenStore tokens, IdentityLimits limits, TrustedHeader trusted) {
        if (mode == Mode.TRUSTED_HEADER && (trusted == null || trusted.proxies().isEmpty())) {
            throw new IllegalArgumentException("trusted-header mode needs the header name and the proxies' addresses");
        }
        this.mode = mode;
        this.tokens = tokens;
        this.limits = limits;
        this.trusted = trusted;
    }

    public Mode mode() {
        return mode;
    }

    public TokenStore tokens() {
        return tokens;
    }

    /** Who made the request being served (set by {@link #decorator}). */
    public static Identity identity(ServiceRequestContext ctx) {
        Identity id = ctx.attr(IDENTITY);
        return id != null ? id : Identity.local(ctx.remoteAddress().getAddress().getHostAddress());
    }

    /**
     * A decorator for a whole server. {@code policy} gives the role a path needs, or null for
     * paths open to anyone (health checks).
     */
    public DecoratingHttpServiceFunction decorator(Function<String, Role> policy) {
        return (HttpService delegate, ServiceRequestContext ctx, HttpRequest req) -> {
            Role needed = policy.apply(ctx.path());
            if (needed == null) {
                return delegate.serve(ctx, req);
            }
            if (mode == Mode.NONE) {
                Identity local = Identity.local(ctx.remoteAddress().getAddress().getHostAddress());
                ctx.setAttr(IDENTITY, local);
                return limited(delegate, ctx, req, local, needed);
            }
            String header = req.headers().get(HttpHeaderNames.AUTHORIZATION);
            Optional<Identity> who = tokens.verify(token(header), Instant.now());
            if (who.isEmpty() && mode == Mode.TRUSTED_HEADER) {
                who = fromProxy(ctx, req);
            }
            if (who.isEmpty()) {
                // Both schemes: scripts use Bearer; a browser logged in to the UI answers the Basic one for the
                // API calls the UI makes (same realm), without asking again.
                String challenge = "Basic realm=\"Pharos\", charset=\"UTF-8\"";
                return error(HttpStatus.UNAUTHORIZED, challenge, header == null
                        ? "authentication required: send Authorization: Bearer <token> (create one with ./pharos token create)"
                        : "invalid, expired or revoked token");
            }
            if (!who.get().role().allows(needed)) {
                return error(HttpStatus.FORBIDDEN, null, "token '" + who.get().name() + "' has role " + who.get().role().label()
                        + "; this needs " + needed.label());
            }
            ctx.setAttr(IDENTITY, who.get());
            return limited(delegate, ctx, req, who.get(), needed);
        };
    }

    /** Queries count against the caller's rate and concurrency; telemetry has its own backpressure (the ingest buffer). */
    private HttpResponse limited(HttpService delegate, ServiceRequestContext ctx, HttpRequest req, Identity who, Role needed) throws Exception {
        if (limits == null || needed != Role.READ) {
            return delegate.serve(ctx, req);
        }
        IdentityLimits.Decision d = limits.tryAcquire(who.name());
        if (d instanceof IdentityLimits.Refusal r) {
            HttpResponse refused = error(HttpStatus.TOO_MANY_REQUESTS, null, r.message());
            return refused.mapHeaders(h -> h.toBuilder().set(HttpHeaderNames.RETRY_AFTER, Long.toString(r.retryAfterSeconds())).build());
        }
        IdentityLimits.Permit permit = (IdentityLimits.Permit) d;
        ctx.log().whenComplete().thenRun(permit::close);
        return delegate.serve(ctx, req);
    }

    /** The user the proxy names, if the request comes from a trusted proxy address. */
    private Optional<Identity> fromProxy(ServiceRequestContext ctx, HttpRequest req) {
        String user = req.headers().get(trusted.header());
        String from = ctx.remoteAddress().getAddress().getHostAddress();
        if (user == null || user.isBlank() || user.length() > 256 || !trusted.proxies().contains(from)) {
            return Optional.empty();
        }
        Tenants tenants = trusted.tenants();
        String named = trusted.tenantsHeader() == null ? null : req.headers().get(trusted.tenantsHeader());
        if (named != null) {
            try {
                tenants = new Tenants(java.util.Arrays.stream(named.split(",")).map(String::strip).filter(t -> !t.isEmpty()).toList());
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        }
        return Optional.of(new Identity(user.strip(), trusted.role(), null, tenants));
    }

    private static String token(String header) {
        if (header == null) {
            return null;
        }
        if (header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return header.substring(7).strip();
        }
        if (header.regionMatches(true, 0, "Basic ", 0, 6)) {
            try {
                String pair = new String(Base64.getDecoder().decode(header.substring(6).strip()), StandardCharsets.UTF_8);
                int colon = pair.indexOf(':');
                return colon < 0 ? null : pair.substring(colon + 1);
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
        return null;
    }

    private static HttpResponse error(HttpStatus status, String challenge, String message) {
        com.linecorp.armeria.common.ResponseHeadersBuilder h = ResponseHeaders.builder(status).contentType(MediaType.JSON_UTF_8);
        if (challenge != null) {
            h.add(HttpHeaderNames.WWW_AUTHENTICATE, "Bearer realm=\"Pharos\"");
            h.add(HttpHeaderNames.WWW_AUTHENTICATE, challenge);
        }
        String body = "{\"status\":\"error\",\"error\":\"" + message.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}";
        return HttpResponse.of(h.build(), com.linecorp.armeria.common.HttpData.ofUtf8(body));
    }
}
