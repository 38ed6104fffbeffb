package dev.pharos.present.http;

import dev.pharos.access.AccessControl;
import dev.pharos.access.Role;
import dev.pharos.present.api.Explore;
import dev.pharos.present.api.ExploreApi;
import dev.pharos.present.mcp.PharosMcpServer;
import dev.pharos.present.ui.WebUi;
import com.linecorp.armeria.server.Server;
import com.linecorp.armeria.server.ServerBuilder;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.net.InetSocketAddress;
import java.time.Duration;

/** The HTTP listener of a Pharos process: health, readiness, metrics, the explore API, the Prometheus API, the web UI and MCP. */
public final class PharosHttpServer implements AutoCloseable {

    private final Server server;

    private PharosHttpServer(Server server) {
        this.server = server;
    }

    /**
     * Binds and starts serving.
     *
     * @param port 0 picks a free port; {@link #port()} tells which
     */
    public static PharosHttpServer start(String address, int port, Readiness readiness, PrometheusRegistry registry, Explore explore,
                                         PharosMcpServer mcp, AccessControl access, dev.pharos.access.Tls tls, String version) {
        ServerBuilder sb = Server.builder();
        if (tls == null) {
            sb.http(new InetSocketAddress(address, port));
        } else {
            sb.https(new InetSocketAddress(address, port)).tls(tls.keyManagers());
        }
        sb
                .gracefulShutdownTimeout(Duration.ZERO, Duration.ofSeconds(10))
                .maxRequestLength(1 << 20)
                // Above the engine-side query timeout, so the engine's clearer error wins.
                .requestTimeout(Duration.ofSeconds(120));
        HealthService.register(sb, readiness);
        MetricsService.register(sb, registry);
        ExploreApi.register(sb, explore);
        dev.pharos.present.prometheus.PrometheusApi.register(sb, explore, version);
        WebUi.register(sb);
        sb.service("/mcp", mcp.transport());
        // Health checks stay open for load balancers and orchestrators; everything else needs a read (or admin) token.
        sb.decorator(access.decorator(path -> path.equals("/healthz") || path.equals("/readyz") ? null : Role.READ));
        Server server = sb.build();
        server.start().join();
        return new PharosHttpServer(server);
    }

    /** Every route served, as Armeria patterns (for tests that must cover them all). */
    public java.util.List<String> routes() {
        return server.serviceConfigs().stream().map(c -> c.route().patternString()).distinct().toList();
    }

    public int port() {
        return server.activeLocalPort();
    }

    @Override
    public void close() {
        server.stop().join();
    }
}
