package dev.pharos.app;

import dev.pharos.access.AccessControl;
import dev.pharos.access.IdentityLimits;
import dev.pharos.access.TokenStore;
import dev.pharos.present.api.Explore;
import dev.pharos.present.mcp.PharosMcpServer;
import dev.pharos.query.audit.AuditLog;
import dev.pharos.query.catalog.DataCatalog;
import dev.pharos.query.logs.LogPatterns;
import dev.pharos.query.QueryOptions;
import dev.pharos.query.attributes.AttributeDiscovery;
import dev.pharos.query.logs.LogSearch;
import dev.pharos.query.promql.clickhouse.PromReader;
import dev.pharos.query.sql.SqlConsole;
import dev.pharos.query.traces.TraceSearch;
import dev.pharos.app.config.ByteSize;
import dev.pharos.app.config.ConfigException;
import dev.pharos.app.config.PharosConfig;
import dev.pharos.present.http.PharosHttpServer;
import dev.pharos.process.pipeline.IngestPipeline;
import dev.pharos.process.pipeline.Overflow;
import dev.pharos.process.pipeline.PipelineOptions;
import dev.pharos.receive.otlp.OtlpReceiver;
import dev.pharos.receive.otlp.ReceiveLimits;
import dev.pharos.present.http.Readiness;
import dev.pharos.store.ClickHouse;
import dev.pharos.store.EngineMetrics;
import dev.pharos.store.MeteredClickHouse;
import dev.pharos.store.TableVersions;
import dev.pharos.store.VersionedClickHouse;
import dev.pharos.store.embedded.EmbeddedClickHouse;
import dev.pharos.store.embedded.EngineOptions;
import dev.pharos.process.redact.RedactionMetrics;
import dev.pharos.store.dataset.DatasetMigrator;
import dev.pharos.store.schema.NullSink;
import dev.pharos.store.schema.SchemaMigrator;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The all-in-one role: embedded engine, schema, ingest pipeline, OTLP receiver and the HTTP
 * endpoints in one process. Started in
 * dependency order and closed in reverse, so no request reaches a closed engine.
 */
public final class AllInOne implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(AllInOne.class);
    /** Decode threads when requests wait for an fsync before their answer (ingest.diskBuffer.fsync: always). */
    private static final int DECODE_THREADS_WITH_FSYNC = 16;

    private final ClickHouse clickHouse;
    private final IngestPipeline pipeline;
    private final OtlpReceiver otlp;
    private final PharosHttpServer http;
    private final AuditLog audit;
    private final RuleRuntime rules;
    private final String engineVersion;
    private final Path dataDir;
    private final boolean authenticated;
    private final boolean tls;
    private boolean closed;

    private AllInOne(ClickHouse clickHouse, IngestPipeline pipeline, OtlpReceiver otlp, PharosHttpServer http, AuditLog audit, RuleRuntime rules,
                     String engineVersion, Path dataDir, boolean authenticated, boolean tls) {
        this.rules = rules;
        this.authenticated = authenticated;
        this.tls = tls;
        this.clickHouse = clickHouse;
        this.pipeline = pipeline;
        this.otlp = otlp;
        this.http = http;
        this.audit = audit;
        this.engineVersion = engineVersion;
        this.dataDir = dataDir;
    }

    public static AllInOne start(PharosConfig config) {
        if (!config.storage().mode().equals("embedded")) {
            throw new ConfigException("storage.mode '" + config.storage().mode()
                    + "' is not available yet: this version runs only the embedded engine (storage.mode: embedded). "
                    + "ClickHouse server and cluster storage is planned.");
        }
        PharosConfig.Auth auth = config.auth();
        AccessControl access = new AccessControl(auth.toMode(), new TokenStore(Path.of(config.dataDir()).toAbsolutePath().normalize()),
                new IdentityLimits(auth.requestsPerSecond(), auth.burst(), auth.maxConcurrentQueries()), auth.toTrustedHeader());
        if (access.mode() == AccessControl.Mode.NONE) {
            requireLoopback(config.listen().address());
        } else if (access.mode() == AccessControl.Mode.TOKENS && access.tokens().list().stream().noneMatch(t -> !t.revoked())) {
            log.warn("auth.mode is tokens and no token exists yet: every request will be refused. Create one with "
                    + "./pharos token create --name <who> --role read|ingest|admin");
        }
        String database = config.storage().database();
        PharosConfig.Embedded emb = config.storage().embedded();
        EngineOptions options;
        try {
            options = new EngineOptions(Path.of(config.dataDir()), emb.memoryLimitBytes(), emb.readConnections(), emb.logLevel());
        } catch (IllegalArgumentException e) {
            throw new ConfigException("storage.embedded: " + e.getMessage());
        }
        PrometheusRegistry registry = new PrometheusRegistry();
        JvmMetrics.builder().register(registry);
        DatasetSetup datasets = DatasetSetup.of(config, new RedactionMetrics(registry));
        EmbeddedClickHouse engine = EmbeddedClickHouse.open(options);
        // Every write of this process goes through here, and the embedded engine's data is this process's alone: readers may
        // cache what they read while the tables' versions stay put.
        TableVersions versions = new TableVersions();
        ClickHouse clickHouse = new VersionedClickHouse(new MeteredClickHouse(engine, registry), versions);
        IngestPipeline pipeline = null;
        OtlpReceiver otlp = null;
        AuditLog audit = null;
        RuleRuntime rules = null;
        try {
            String version = clickHouse.query("SELECT version()", "TSV").text().strip();
            SchemaMigrator.Report report = new SchemaMigrator(clickHouse, database, config.retention().toRetention()).migrate();
            log.info("schema at version {} (applied now: {})", report.currentVersion(), report.applied());
            DatasetMigrator.Report applied = new DatasetMigrator(clickHouse, database)
                    .apply(datasets.shapes(), config.retention().toRetention().logsDays());
            EngineMetrics.register(clickHouse, database, registry);
            String sinkDatabase = database;
            if (config.ingest().nullSink()) {
                sinkDatabase = NullSink.create(clickHouse, database);
                log.warn("ingest writes into {}: Null-engine tables, nothing received is stored (--null-sink)", sinkDatabase);
            }
            dev.pharos.process.pipeline.durable.DiskBufferOptions diskBuffer = config.ingest().diskBuffer().toOptions(options.dataDir());
            try {
                pipeline = new IngestPipeline(clickHouse, pipelineOptions(config, sinkDatabase)
                        .withRetention(acceptedAges(config.retention().toRetention(), datasets)), datasets.datasets(), registry, diskBuffer);
            } catch (java.io.UncheckedIOException e) {
                throw new ConfigException("ingest.diskBuffer: " + e.getMessage(), e);
            }
            if (diskBuffer != null) {
                log.info("disk buffer on: {} (fsync {}, cap {})", diskBuffer.dir(), diskBuffer.fsync().label(),
                        ByteSize.format(diskBuffer.maxBytes()));
            }
            dev.pharos.access.Tls tls = config.tls().toTls();
            otlp = startOtlp(config, pipeline, registry, access, tls);
            Readiness readiness = () -> readiness(clickHouse, database, version, report.currentVersion());
            audit = new AuditLog(clickHouse, database);
            QueryOptions queryOptions = config.query().toOptions(database).withLogTables(applied.tables());
            PromReader prometheus = PromReader.caching(clickHouse, queryOptions, config.query().promql().toEngineOptions(queryOptions.timeout()),
                    versions);
            rules = RuleRuntime.start(config.alerting(), prometheus, "http://" + config.listen().address() + ":" + config.listen().httpPort(),
                    options.dataDir(), registry);
            Explore explore = explore(config, clickHouse, queryOptions, pipeline, audit, prometheus, rules == null ? null : rules.rules());
            String pharosVersion = AllInOne.class.getPackage().getImplementationVersion();
            PharosMcpServer mcp = new PharosMcpServer(explore, pharosVersion == null ? "dev" : pharosVersion);
            PharosHttpServer http = PharosHttpServer.start(config.listen().address(), config.listen().httpPort(), readiness, registry,
                    explore, mcp, access, tls, pharosVersion == null ? "dev" : pharosVersion);
            return new AllInOne(clickHouse, pipeline, otlp, http, audit, rules, version, options.dataDir(),
                    access.mode() != AccessControl.Mode.NONE, tls != null);
        } catch (RuntimeException e) {
            if (rules != null) {
                rules.close();
            }
            if (otlp != null) {
                otlp.close();
            }
            if (pipeline != null) {
                pipeline.close();
            }
            if (audit != null) {
                audit.close();
            }
            clickHouse.close();
            if (e.getCause() instanceof java.net.BindException || e instanceof java.util.concurrent.CompletionException
                    && e.getCause() != null && e.getCause().getMessage() != null && e.getCause().getMessage().contains("in use")) {
                throw new ConfigException("cannot listen on " + config.listen().address() + ":" + config.listen().httpPort()
                        + ": the port is in use; stop what uses it or pick another with --http-port", e);
            }
            throw e;
        }
    }

    private static Explore explore(PharosConfig config, ClickHouse clickHouse, QueryOptions options, IngestPipeline pipeline, AuditLog audit,
                                   PromReader prometheus, dev.pharos.query.alerting.RuleManager rules) {
        String database = options.database();
        LogSearch logs = new LogSearch(clickHouse, options);
        return new Explore(logs, new TraceSearch(clickHouse, options), new AttributeDiscovery(clickHouse, options),
                new SqlConsole(clickHouse, config.query().sql().toLimits(options.timeout()), List.of(database + ".pharos_audit")), pipeline::demandFreshLogs,
                new LogPatterns(logs), new DataCatalog(clickHouse, options), audit, prometheus, rules);
    }

    /**
     * Ingest refuses log records older than their retention; with datasets, a record may belong to
     * one that keeps logs longer than {@code retention.logsDays}, so the longest retention decides
     * (each table's TTL then removes what it does not keep).
     */
    private static dev.pharos.store.schema.Retention acceptedAges(dev.pharos.store.schema.Retention r, DatasetSetup datasets) {
        int days = r.logsDays();
        for (var shape : datasets.shapes()) {
            days = days == 0 || shape.retentionDays() == 0 ? 0 : Math.max(days, shape.retentionDays());
        }
        return new dev.pharos.store.schema.Retention(days, r.tracesDays(), r.metricsDays(), r.auditDays());
    }

    private static PipelineOptions pipelineOptions(PharosConfig config, String database) {
        PharosConfig.Ingest in = config.ingest();
        try {
            return new PipelineOptions(database, in.batchRows(), ByteSize.parse(in.batchSize()), in.batchAgeDuration(),
                    ByteSize.parse(in.bufferSize()), in.overflow().equals("drop_oldest") ? Overflow.DROP_OLDEST : Overflow.REJECT,
                    in.maxAttributes(), config.retention().toRetention(), Math.max(1, Runtime.getRuntime().availableProcessors()),
                    Duration.ofSeconds(10), 64, in.tenantAttribute());
        } catch (IllegalArgumentException e) {
            throw new ConfigException("ingest: " + e.getMessage());
        }
    }

    private static OtlpReceiver startOtlp(PharosConfig config, IngestPipeline pipeline, PrometheusRegistry registry, AccessControl access,
                                          dev.pharos.access.Tls tls) {
        PharosConfig.Otlp o = config.otlp();
        int cores = Math.max(1, Runtime.getRuntime().availableProcessors());
        // With the disk buffer fsyncing before each answer, a decode thread waits for its request's fsync. More of them let
        // more requests wait on the same fsync (group commit); the decoding itself still uses the cores there are.
        var diskBuffer = pipeline.diskBuffer();
        int decodeThreads = diskBuffer != null && diskBuffer.options().fsync() == dev.pharos.process.pipeline.durable.FsyncPolicy.ALWAYS
                ? Math.max(cores, DECODE_THREADS_WITH_FSYNC) : cores;
        ReceiveLimits limits = new ReceiveLimits((int) ByteSize.parse(o.maxRequestSize()), (int) ByteSize.parse(o.maxDecodedSize()), 64,
                decodeThreads);
        try {
            return OtlpReceiver.start(config.listen().address(), o.grpcPort(), o.httpPort(), pipeline, limits, registry, access, tls);
        } catch (RuntimeException e) {
            throw new ConfigException("cannot start the OTLP receiver on ports " + o.grpcPort() + " and " + o.httpPort()
                    + " (" + rootMessage(e) + "); stop what uses them or pick others with --otlp-grpc-port / --otlp-http-port", e);
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage();
    }

    private static Readiness.Report readiness(ClickHouse clickHouse, String database, String version, int schemaVersion) {
        String tables = clickHouse.query("SELECT name FROM system.tables WHERE database = '" + database
                + "' AND name LIKE 'otel\\_%' ORDER BY name", "TSV").text();
        List<String> names = Arrays.stream(tables.split("\n")).filter(s -> !s.isBlank()).toList();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("engine", "embedded ClickHouse " + version);
        details.put("database", database);
        details.put("schemaVersion", schemaVersion);
        details.put("tables", names);
        return new Readiness.Report(!names.isEmpty(), details);
    }

    /** Without authentication, Pharos refuses to expose its endpoints beyond this host. */
    private static void requireLoopback(String address) {
        try {
            if (!InetAddress.getByName(address).isLoopbackAddress()) {
                throw new ConfigException("refusing to listen on " + address + " without authentication: set auth.mode: tokens "
                        + "(or --auth tokens) and create tokens with ./pharos token create, or listen on loopback (127.0.0.1 or ::1).");
            }
        } catch (UnknownHostException e) {
            throw new ConfigException("listen.address '" + address + "' does not resolve", e);
        }
    }

    public int otlpGrpcPort() {
        return otlp.ports().get(0);
    }

    public int otlpHttpPort() {
        return otlp.ports().get(1);
    }

    /** The ingest pipeline, for tests that need to wait until accepted data is written. */
    public IngestPipeline pipeline() {
        return pipeline;
    }

    /** The routes of the HTTP listener and of the OTLP receiver, for tests that must try every one. */
    public List<String> httpRoutes() {
        return http.routes();
    }

    public List<String> otlpRoutes() {
        return otlp.routes();
    }

    public int httpPort() {
        return http.port();
    }

    public String engineVersion() {
        return engineVersion;
    }

    /** True when every listener speaks TLS. */
    public boolean tls() {
        return tls;
    }

    /** True when every request needs an API token. */
    public boolean authenticated() {
        return authenticated;
    }

    public Path dataDir() {
        return dataDir;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        // Receivers first (no new data), then the pipeline writes what it holds, rules save their alert state,
        // then the engine goes.
        try {
            otlp.close();
            pipeline.close();
            if (rules != null) {
                rules.close();
            }
            http.close();
            audit.close();
        } finally {
            clickHouse.close();
        }
    }
}
