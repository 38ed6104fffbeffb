package dev.pharos.app.cli;

import dev.pharos.app.AllInOne;
import dev.pharos.app.config.ConfigLoader;
import dev.pharos.app.config.PharosConfig;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "up", mixinStandardHelpOptions = true,
        description = {
            "Start the all-in-one server: embedded ClickHouse engine, schema migrations, OTLP receiver, HTTP endpoints.",
            "Runs until Ctrl-C or SIGTERM, then closes every connection and the engine cleanly.",
            "Options override the config file (default ./pharos.yaml when present; see pharos.example.yaml)."})
public final class UpCommand implements Callable<Integer> {

    @Option(names = "--config", paramLabel = "FILE", description = "Config file (YAML). Default: ./pharos.yaml if it exists.")
    Path config;

    @Option(names = "--data", paramLabel = "DIR", description = "Data directory (default ./data). One server per directory.")
    String dataDir;

    @Option(names = "--http-port", paramLabel = "PORT", description = "HTTP port for API, /metrics, /healthz, /readyz (default 8080; 0 = any free port).")
    Integer httpPort;

    @Option(names = "--listen", paramLabel = "ADDRESS", description = "Address to listen on (default 127.0.0.1; only loopback until access control lands).")
    String listen;

    @Option(names = "--otlp-grpc-port", paramLabel = "PORT", description = "OTLP/gRPC port (default 4317; 0 = any free port).")
    Integer otlpGrpcPort;

    @Option(names = "--otlp-http-port", paramLabel = "PORT", description = "OTLP/HTTP port (default 4318; 0 = any free port).")
    Integer otlpHttpPort;

    @Option(names = "--null-sink", description = "Benchmarking aid: ingest into Null-engine copies of the tables, so data is received, "
            + "processed and parsed by the engine but not stored.")
    boolean nullSink;

    @Option(names = "--memory-limit", paramLabel = "SIZE", description = "Engine memory cap, e.g. 2GiB (default: a quarter of RAM, 1-16 GiB).")
    String memoryLimit;

    @Option(names = "--auth", paramLabel = "MODE", description = "none (dev mode, loopback only), tokens (every request needs an API token) or trusted-header (behind an authenticating proxy).")
    String auth;

    @Override
    public Integer call() throws Exception {
        PharosConfig loaded = ConfigLoader.load(config);
        PharosConfig effective = new PharosConfig(
                dataDir != null ? dataDir : loaded.dataDir(),
                new PharosConfig.Listen(listen != null ? listen : loaded.listen().address(),
                        httpPort != null ? httpPort : loaded.listen().httpPort()),
                new PharosConfig.Storage(loaded.storage().mode(), loaded.storage().database(),
                        new PharosConfig.Embedded(memoryLimit != null ? memoryLimit : loaded.storage().embedded().memoryLimit(),
                                loaded.storage().embedded().readConnections(), loaded.storage().embedded().logLevel())),
                loaded.retention(),
                new PharosConfig.Otlp(otlpGrpcPort != null ? otlpGrpcPort : loaded.otlp().grpcPort(),
                        otlpHttpPort != null ? otlpHttpPort : loaded.otlp().httpPort(),
                        loaded.otlp().maxRequestSize(), loaded.otlp().maxDecodedSize()),
                nullSink ? withNullSink(loaded.ingest()) : loaded.ingest(),
                loaded.query(),
                auth != null ? new PharosConfig.Auth(auth, loaded.auth().requestsPerSecond(), loaded.auth().burst(),
                        loaded.auth().maxConcurrentQueries(), loaded.auth().trustedHeader(), loaded.auth().trustedHeaderRole(),
                        loaded.auth().trustedProxies(), loaded.auth().trustedTenantsHeader(), loaded.auth().trustedHeaderTenants())
                        : loaded.auth(),
                loaded.tls(), loaded.alerting(), loaded.redaction(), loaded.datasets(), loaded.agent());
        System.err.println("pharos: starting the all-in-one server (data in " + Path.of(effective.dataDir()).toAbsolutePath().normalize() + ") ...");
        long start = System.nanoTime();
        AllInOne server = AllInOne.start(effective);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.err.println("pharos: shutting down ...");
            server.close();
            System.err.println("pharos: stopped cleanly");
            stopped.countDown();
        }, "pharos-shutdown"));
        String host = hostForUrl(effective.listen().address());
        String scheme = server.tls() ? "https" : "http";
        String base = scheme + "://" + host + ":" + server.httpPort();
        System.out.printf("""
                Pharos is up in %.1f s (engine: embedded ClickHouse %s, data: %s)
                  HTTP        %s
                  web UI      %s/ui/   (logs, traces, services, PromQL, alerts, SQL)
                  API         %s/api/  (docs/api.md)
                  PromQL      %s/api/v1/query  (Prometheus HTTP API: Grafana, promtool; docs/prometheus.md)
                  readiness   %s/readyz
                  health      %s/healthz
                  metrics     %s/metrics   (Prometheus format)
                  OTLP/gRPC   %s:%d   (OTEL_EXPORTER_OTLP_ENDPOINT=%s://%s:%d with protocol grpc)
                  OTLP/HTTP   %s://%s:%d   (/v1/logs, /v1/traces, /v1/metrics; protobuf or JSON)
                  remote write %s://%s:%d/api/v1/write   (Prometheus remote_write url)
                %s Ctrl-C stops it.
                """, (System.nanoTime() - start) / 1e9, server.engineVersion(), server.dataDir(), base, base, base, base, base, base, base,
                host, server.otlpGrpcPort(), scheme, host, server.otlpGrpcPort(), scheme, host, server.otlpHttpPort(),
                scheme, host, server.otlpHttpPort(),
                server.authenticated() ? "Every request needs an API token (./pharos token create --help) or, in trusted-header mode, "
                        + "the proxy's user header; health checks excepted."
                        : "Listening on loopback only, without authentication (dev mode).");
        System.out.flush();
        stopped.await();
        return 0;
    }

    private static PharosConfig.Ingest withNullSink(PharosConfig.Ingest in) {
        return new PharosConfig.Ingest(in.batchRows(), in.batchSize(), in.batchAge(), in.bufferSize(), in.overflow(), in.maxAttributes(), true, in.tenantAttribute(),
                in.diskBuffer());
    }

    private static String hostForUrl(String address) {
        return address.contains(":") ? "[" + address + "]" : address;
    }
}
