package dev.pharos.receive.otlp;

import com.linecorp.armeria.server.Server;
import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.server.ServerPort;
import com.linecorp.armeria.common.SessionProtocol;
import dev.pharos.process.pipeline.IngestPipeline;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;

/**
 * The ingest listener: OTLP gRPC on one port (4317 by default) and HTTP on another (4318). Both
 * ports answer both protocols, as their paths never collide; the defaults match what every OTel
 * SDK and Collector exporter expects. Prometheus remote write is served on them as well
 * ({@code /api/v1/write}).
 */
public final class OtlpReceiver implements AutoCloseable {

    private final Server server;
    private final OtlpIngest ingest;
    private final int[] requestedPorts;

    private OtlpReceiver(Server server, OtlpIngest ingest, int[] requestedPorts) {
        this.server = server;
        this.ingest = ingest;
        this.requestedPorts = requestedPorts;
    }

    public static OtlpReceiver start(String address, int grpcPort, int httpPort, IngestPipeline pipeline, ReceiveLimits limits,
                                     PrometheusRegistry registry, dev.pharos.access.AccessControl access, dev.pharos.access.Tls tls) {
        OtlpIngest ingest = new OtlpIngest(pipeline, limits);
        ReceiveMetrics metrics = new ReceiveMetrics(registry);
        ServerBuilder sb = Server.builder()
                .port(new ServerPort(new InetSocketAddress(address, grpcPort), tls == null ? SessionProtocol.HTTP : SessionProtocol.HTTPS))
                .port(new ServerPort(new InetSocketAddress(address, httpPort), tls == null ? SessionProtocol.HTTP : SessionProtocol.HTTPS))
                // The gRPC frame header adds 5 bytes to the largest message.
                .maxRequestLength(limits.maxBodyBytes() + 5L)
                .requestTimeout(Duration.ofSeconds(60))
                // Export requests are large (hundreds of KiB): bigger HTTP/2 frames and windows mean far fewer
                // frames and window updates per request on the event loops.
                .http2MaxFrameSize(1 << 20)
                .http2InitialConnectionWindowSize(16 << 20)
                .http2InitialStreamWindowSize(8 << 20)
                .gracefulShutdownTimeout(Duration.ZERO, Duration.ofSeconds(10));
        for (OtlpSignal s : OtlpSignal.values()) {
            sb.route().post(s.httpPath).build(new OtlpHttpService(s, ingest, metrics));
            sb.route().post(s.grpcPath).build(new OtlpGrpcService(s, ingest, metrics));
        }
        // Prometheus remote write enters here too: same limits, decode threads, buffer and ingest tokens.
        sb.route().path(dev.pharos.receive.prometheus.RemoteWriteService.PATH).build(new dev.pharos.receive.prometheus.RemoteWriteService(
                pipeline, limits, ingest.executor(), new dev.pharos.receive.prometheus.RemoteWriteMetrics(registry)));
        if (tls != null) {
            sb.tls(tls.keyManagers());
            if (tls.clientCa() != null) {
                // Mutual TLS: only agents with a certificate from this CA get a connection at all.
                java.io.File ca = tls.clientCa().toFile();
                sb.tlsCustomizer(b -> b.clientAuth(io.netty.handler.ssl.ClientAuth.REQUIRE).trustManager(ca));
            }
        }
        // Every OTLP route takes telemetry: an ingest (or admin) token.
        sb.decorator(access.decorator(path -> dev.pharos.access.Role.INGEST));
        Server server = sb.build();
        try {
            server.start().join();
        } catch (RuntimeException e) {
            ingest.close();
            throw e;
        }
        return new OtlpReceiver(server, ingest, new int[] {grpcPort, httpPort});
    }

    /** Every route served, as Armeria patterns (for tests that must cover them all). */
    public java.util.List<String> routes() {
        return server.serviceConfigs().stream().map(c -> c.route().patternString()).distinct().toList();
    }

    /**
     * The ports bound, gRPC then HTTP: the configured ones, or for a port given as 0 the one the
     * system chose (both ports serve both protocols, so two ephemeral ports are interchangeable).
     */
    public List<Integer> ports() {
        List<Integer> active = new java.util.ArrayList<>(server.activePorts().values().stream()
                .map(p -> p.localAddress().getPort()).toList());
        for (int p : requestedPorts) {
            active.remove(Integer.valueOf(p));
        }
        java.util.Iterator<Integer> chosen = active.iterator();
        return java.util.Arrays.stream(requestedPorts).map(p -> p != 0 ? p : chosen.next()).boxed().toList();
    }

    @Override
    public void close() {
        server.stop().join();
        ingest.close();
    }
}
