package dev.pharos.app.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.pharos.store.schema.Retention;

/**
 * The Pharos config file ({@code pharos.yaml}); every field is optional. See
 * {@code pharos.example.yaml} for the documented defaults. Unknown keys are errors, so a typo
 * never silently falls back to a default.
 */
public record PharosConfig(
        @JsonProperty("dataDir") String dataDir,
        @JsonProperty("listen") Listen listen,
        @JsonProperty("storage") Storage storage,
        @JsonProperty("retention") RetentionDays retention,
        @JsonProperty("otlp") Otlp otlp,
        @JsonProperty("ingest") Ingest ingest,
        @JsonProperty("query") Query query,
        @JsonProperty("auth") Auth auth,
        @JsonProperty("tls") TlsFiles tls,
        @JsonProperty("alerting") Alerting alerting,
        @JsonProperty("redaction") RedactionConfig redaction,
        @JsonProperty("datasets") java.util.List<DatasetConfig> datasets,
        @JsonProperty("agent") Agent agent) {

    public PharosConfig(String dataDir, Listen listen, Storage storage, RetentionDays retention, Otlp otlp, Ingest ingest, Query query,
                        Auth auth, TlsFiles tls) {
        this(dataDir, listen, storage, retention, otlp, ingest, query, auth, tls, null, null, null, null);
    }

    /** The same config with another alerting section. */
    public PharosConfig withAlerting(Alerting a) {
        return new PharosConfig(dataDir, listen, storage, retention, otlp, ingest, query, auth, tls, a, redaction, datasets, agent);
    }

    public PharosConfig {
        dataDir = dataDir == null ? "./data" : dataDir;
        listen = listen == null ? new Listen(null, null) : listen;
        storage = storage == null ? new Storage(null, null, null) : storage;
        retention = retention == null ? new RetentionDays(null, null, null) : retention;
        otlp = otlp == null ? new Otlp(null, null, null, null) : otlp;
        ingest = ingest == null ? new Ingest(null, null, null, null, null, null, null) : ingest;
        query = query == null ? new Query(null, null, null, null) : query;
        auth = auth == null ? new Auth(null) : auth;
        tls = tls == null ? new TlsFiles(null, null) : tls;
        alerting = alerting == null ? new Alerting(null, null, null, null, null) : alerting;
        redaction = redaction == null ? RedactionConfig.defaults() : redaction;
        datasets = datasets == null ? java.util.List.of() : java.util.List.copyOf(datasets);
        agent = agent == null ? Agent.EMPTY : agent;
    }

    public static PharosConfig defaults() {
        return new PharosConfig(null, null, null, null, null, null, null, null, null, null, null, null, null);
    }

    /**
     * The OTLP receiver: gRPC and HTTP ports (the OTel defaults) and request limits.
     *
     * @param maxRequestSize largest request body as sent
     * @param maxDecodedSize largest body after decompression (a gzip bomb stops here)
     */
    public record Otlp(@JsonProperty("grpcPort") Integer grpcPort, @JsonProperty("httpPort") Integer httpPort,
                       @JsonProperty("maxRequestSize") String maxRequestSize, @JsonProperty("maxDecodedSize") String maxDecodedSize) {
        public Otlp {
            grpcPort = grpcPort == null ? 4317 : grpcPort;
            httpPort = httpPort == null ? 4318 : httpPort;
            maxRequestSize = maxRequestSize == null ? "20MiB" : maxRequestSize;
            maxDecodedSize = maxDecodedSize == null ? "64MiB" : maxDecodedSize;
            for (int port : new int[] {grpcPort, httpPort}) {
                if (port < 0 || port > 65535) {
                    throw new ConfigException("otlp ports must be 0..65535, got " + port);
                }
            }
            if (ByteSize.parse(maxRequestSize) > Integer.MAX_VALUE - 16 || ByteSize.parse(maxDecodedSize) > Integer.MAX_VALUE - 16) {
                throw new ConfigException("otlp.maxRequestSize and otlp.maxDecodedSize must be below 2GiB");
            }
            if (ByteSize.parse(maxDecodedSize) < ByteSize.parse(maxRequestSize)) {
                throw new ConfigException("otlp.maxDecodedSize must be at least otlp.maxRequestSize");
            }
        }
    }

    /**
     * Batching and buffering between the receivers and the engine.
     *
     * @param overflow {@code reject} (answer "retry later" when the buffer is full) or {@code drop_oldest}
     * @param nullSink write into Null-engine copies of the tables: everything is received, processed and
     *     parsed by the engine, nothing is stored (for benchmarks)
     * @param diskBuffer the optional write-ahead log on disk (off by default)
     */
    public record Ingest(@JsonProperty("batchRows") Integer batchRows, @JsonProperty("batchSize") String batchSize,
                         @JsonProperty("batchAge") String batchAge, @JsonProperty("bufferSize") String bufferSize,
                         @JsonProperty("overflow") String overflow, @JsonProperty("maxAttributes") Integer maxAttributes,
                         @JsonProperty("nullSink") Boolean nullSink, @JsonProperty("tenantAttribute") String tenantAttribute,
                         @JsonProperty("diskBuffer") DiskBuffer diskBuffer) {
        public Ingest(Integer batchRows, String batchSize, String batchAge, String bufferSize, String overflow, Integer maxAttributes,
                      Boolean nullSink) {
            this(batchRows, batchSize, batchAge, bufferSize, overflow, maxAttributes, nullSink, null);
        }

        public Ingest(Integer batchRows, String batchSize, String batchAge, String bufferSize, String overflow, Integer maxAttributes,
                      Boolean nullSink, String tenantAttribute) {
            this(batchRows, batchSize, batchAge, bufferSize, overflow, maxAttributes, nullSink, tenantAttribute, null);
        }

        public Ingest {
            diskBuffer = diskBuffer == null ? new DiskBuffer(null, null, null, null, null, null) : diskBuffer;
            if (tenantAttribute != null && (tenantAttribute.isBlank() || tenantAttribute.length() > 256)) {
                throw new ConfigException("ingest.tenantAttribute must be a resource attribute name such as pharos.tenant");
            }
            nullSink = nullSink != null && nullSink;
            batchRows = batchRows == null ? 15_000 : batchRows;
            batchSize = batchSize == null ? "16MiB" : batchSize;
            batchAge = batchAge == null ? "5s" : batchAge;
            bufferSize = bufferSize == null ? "512MiB" : bufferSize;
            overflow = overflow == null ? "reject" : overflow;
            maxAttributes = maxAttributes == null ? 1024 : maxAttributes;
            if (batchRows < 1 || maxAttributes < 1) {
                throw new ConfigException("ingest.batchRows and ingest.maxAttributes must be positive");
            }
            if (!overflow.equals("reject") && !overflow.equals("drop_oldest")) {
                throw new ConfigException("ingest.overflow must be reject or drop_oldest, got '" + overflow + "'");
            }
            if (ByteSize.parse(bufferSize) < ByteSize.parse(batchSize)) {
                throw new ConfigException("ingest.bufferSize must hold at least one batch (ingest.batchSize)");
            }
            DurationText.parse(batchAge);
        }

        public java.time.Duration batchAgeDuration() {
            return DurationText.parse(batchAge);
        }
    }

    /**
     * The disk buffer (docs/ingest.md, "Durable buffer"): with it, a request is acknowledged once its
     * rows are in a write-ahead log on disk, so they survive the process being killed, and batches
     * waiting for the engine may leave memory, so an outage is buffered on disk up to {@code maxSize}.
     *
     * @param dir where its files go; default {@code <dataDir>/wal}
     * @param fsync {@code always} (fsync before acknowledging, shared by concurrent requests), {@code interval}
     *     (every {@code fsyncInterval}) or {@code never} (left to the kernel)
     * @param maxSize cap on its files; when full, the oldest waiting batches are dropped and counted
     * @param segmentSize size of one file; files are deleted whole once all they hold is in the engine
     */
    public record DiskBuffer(@JsonProperty("enabled") Boolean enabled, @JsonProperty("dir") String dir,
                             @JsonProperty("fsync") String fsync, @JsonProperty("fsyncInterval") String fsyncInterval,
                             @JsonProperty("maxSize") String maxSize, @JsonProperty("segmentSize") String segmentSize) {
        public DiskBuffer {
            enabled = enabled != null && enabled;
            fsync = fsync == null ? "always" : fsync;
            fsyncInterval = fsyncInterval == null ? "200ms" : fsyncInterval;
            maxSize = maxSize == null ? "8GiB" : maxSize;
            segmentSize = segmentSize == null ? "64MiB" : segmentSize;
            if (!fsync.equals("always") && !fsync.equals("interval") && !fsync.equals("never")) {
                throw new ConfigException("ingest.diskBuffer.fsync must be always, interval or never, got '" + fsync + "'");
            }
            if (dir != null && dir.isBlank()) {
                throw new ConfigException("ingest.diskBuffer.dir must name a directory (or be left out: <dataDir>/wal)");
            }
            DurationText.parse(fsyncInterval);
            long segment = ByteSize.parse(segmentSize);
            long max = ByteSize.parse(maxSize);
            if (segment < (1L << 20) || segment > (1L << 30)) {
                throw new ConfigException("ingest.diskBuffer.segmentSize must be between 1MiB and 1GiB, got " + segmentSize);
            }
            if (max < 2 * segment) {
                throw new ConfigException("ingest.diskBuffer.maxSize (" + maxSize + ") must hold at least two segments of "
                        + "ingest.diskBuffer.segmentSize (" + segmentSize + ")");
            }
        }

        /** The pipeline's settings, or null when the buffer is off. */
        public dev.pharos.process.pipeline.durable.DiskBufferOptions toOptions(java.nio.file.Path dataDir) {
            if (!enabled) {
                return null;
            }
            java.nio.file.Path where = dir == null ? dataDir.resolve("wal") : java.nio.file.Path.of(dir);
            return new dev.pharos.process.pipeline.durable.DiskBufferOptions(where.toAbsolutePath().normalize(),
                    dev.pharos.process.pipeline.durable.FsyncPolicy.parse(fsync), DurationText.parse(fsyncInterval), ByteSize.parse(maxSize),
                    ByteSize.parse(segmentSize));
        }
    }

    /**
     * Searches (logs, traces, attributes) and the SQL console.
     *
     * @param defaultWindow the window a search without 'from' covers
     * @param maxScanRows a search estimated to read more rows is refused with advice to narrow it
     * @param timeout engine-side time limit of searches and SQL
     * @param sql limits of the read-only SQL console
     */
    public record Query(@JsonProperty("defaultWindow") String defaultWindow, @JsonProperty("maxScanRows") Long maxScanRows,
                        @JsonProperty("timeout") String timeout, @JsonProperty("sql") Sql sql, @JsonProperty("promql") Promql promql) {
        public Query(String defaultWindow, Long maxScanRows, String timeout, Sql sql) {
            this(defaultWindow, maxScanRows, timeout, sql, null);
        }

        public Query {
            defaultWindow = defaultWindow == null ? "15m" : defaultWindow;
            maxScanRows = maxScanRows == null ? 2_000_000_000L : maxScanRows;
            timeout = timeout == null ? "30s" : timeout;
            sql = sql == null ? new Sql(null, null, null, null, null) : sql;
            promql = promql == null ? new Promql(null, null, null) : promql;
            DurationText.parse(defaultWindow);
            DurationText.parse(timeout);
            if (maxScanRows < 1) {
                throw new ConfigException("query.maxScanRows must be positive");
            }
        }

        public dev.pharos.query.QueryOptions toOptions(String database) {
            return new dev.pharos.query.QueryOptions(database, DurationText.parse(defaultWindow), maxScanRows, DurationText.parse(timeout),
                    100_000);
        }
    }

    /** PromQL evaluation limits (Prometheus's flags of the same meaning in brackets). */
    public record Promql(@JsonProperty("lookbackDelta") String lookbackDelta, @JsonProperty("maxSamples") Long maxSamples,
                         @JsonProperty("maxSeries") Integer maxSeries) {
        public Promql {
            lookbackDelta = lookbackDelta == null ? "5m" : lookbackDelta;
            maxSamples = maxSamples == null ? 50_000_000L : maxSamples;
            maxSeries = maxSeries == null ? 500_000 : maxSeries;
            DurationText.parse(lookbackDelta);
            if (maxSamples < 1 || maxSeries < 1) {
                throw new ConfigException("query.promql.maxSamples and query.promql.maxSeries must be positive");
            }
        }

        public dev.pharos.query.promql.EngineOptions toEngineOptions(java.time.Duration timeout) {
            return new dev.pharos.query.promql.EngineOptions(DurationText.parse(lookbackDelta), maxSamples, maxSeries, timeout,
                    java.time.Duration.ofMinutes(1));
        }
    }

    /** What one statement in the SQL console may read and return; the engine enforces each. */
    public record Sql(@JsonProperty("maxRowsToRead") Long maxRowsToRead, @JsonProperty("maxBytesToRead") String maxBytesToRead,
                      @JsonProperty("maxResultRows") Long maxResultRows, @JsonProperty("maxResultSize") String maxResultSize,
                      @JsonProperty("maxMemory") String maxMemory) {
        public Sql {
            maxRowsToRead = maxRowsToRead == null ? 2_000_000_000L : maxRowsToRead;
            maxBytesToRead = maxBytesToRead == null ? "200GiB" : maxBytesToRead;
            maxResultRows = maxResultRows == null ? 100_000L : maxResultRows;
            maxResultSize = maxResultSize == null ? "64MiB" : maxResultSize;
            maxMemory = maxMemory == null ? "2GiB" : maxMemory;
            if (maxRowsToRead < 1 || maxResultRows < 1) {
                throw new ConfigException("query.sql.maxRowsToRead and query.sql.maxResultRows must be positive");
            }
            ByteSize.parse(maxBytesToRead);
            ByteSize.parse(maxResultSize);
            ByteSize.parse(maxMemory);
        }

        public dev.pharos.store.ReadLimits toLimits(java.time.Duration timeout) {
            return new dev.pharos.store.ReadLimits(timeout, maxRowsToRead, ByteSize.parse(maxBytesToRead), maxResultRows,
                    ByteSize.parse(maxResultSize), ByteSize.parse(maxMemory));
        }
    }

    /**
     * Who may call Pharos. {@code none}: nobody is asked (dev mode), allowed only on loopback.
     * {@code tokens}: every request but health checks needs an API token ({@code pharos token create});
     * required to listen on any other address. {@code trusted-header}: behind an authenticating proxy at
     * one of {@code trustedProxies}, which names the user in {@code trustedHeader}; those users get
     * {@code trustedHeaderRole}; tokens work as well. Queries (not telemetry) are limited per identity to
     * {@code requestsPerSecond} (bursts of {@code burst}) and {@code maxConcurrentQueries} at once.
     */
    public record Auth(@JsonProperty("mode") String mode, @JsonProperty("requestsPerSecond") Double requestsPerSecond,
                       @JsonProperty("burst") Integer burst, @JsonProperty("maxConcurrentQueries") Integer maxConcurrentQueries,
                       @JsonProperty("trustedHeader") String trustedHeader, @JsonProperty("trustedHeaderRole") String trustedHeaderRole,
                       @JsonProperty("trustedProxies") java.util.List<String> trustedProxies,
                       @JsonProperty("trustedTenantsHeader") String trustedTenantsHeader,
                       @JsonProperty("trustedHeaderTenants") java.util.List<String> trustedHeaderTenants) {
        public Auth(String mode) {
            this(mode, null, null, null);
        }

        public Auth(String mode, Double requestsPerSecond, Integer burst, Integer maxConcurrentQueries) {
            this(mode, requestsPerSecond, burst, maxConcurrentQueries, null, null, null, null, null);
        }

        public Auth {
            mode = mode == null ? "none" : mode;
            requestsPerSecond = requestsPerSecond == null ? 50.0 : requestsPerSecond;
            burst = burst == null ? 100 : burst;
            maxConcurrentQueries = maxConcurrentQueries == null ? 8 : maxConcurrentQueries;
            if (requestsPerSecond <= 0 || burst < 1 || maxConcurrentQueries < 1) {
                throw new ConfigException("auth.requestsPerSecond, auth.burst and auth.maxConcurrentQueries must be positive");
            }
            if (!mode.equals("none") && !mode.equals("tokens") && !mode.equals("trusted-header")) {
                throw new ConfigException("auth.mode must be none, tokens or trusted-header, got '" + mode + "'");
            }
            trustedHeader = trustedHeader == null ? "X-Forwarded-User" : trustedHeader;
            trustedHeaderRole = trustedHeaderRole == null ? "read" : trustedHeaderRole;
            trustedProxies = trustedProxies == null ? java.util.List.of("127.0.0.1", "::1") : java.util.List.copyOf(trustedProxies);
            try {
                dev.pharos.access.Role.parse(trustedHeaderRole);
            } catch (IllegalArgumentException e) {
                throw new ConfigException("auth.trustedHeaderRole: " + e.getMessage());
            }
            try {
                dev.pharos.access.Tenants.orDefault(trustedHeaderTenants);
            } catch (IllegalArgumentException e) {
                throw new ConfigException("auth.trustedHeaderTenants: " + e.getMessage());
            }
        }

        public dev.pharos.access.AccessControl.Mode toMode() {
            return switch (mode) {
                case "tokens" -> dev.pharos.access.AccessControl.Mode.TOKENS;
                case "trusted-header" -> dev.pharos.access.AccessControl.Mode.TRUSTED_HEADER;
                default -> dev.pharos.access.AccessControl.Mode.NONE;
            };
        }

        /** The proxy's header settings (used in trusted-header mode). Addresses are normalised as Java prints them. */
        public dev.pharos.access.AccessControl.TrustedHeader toTrustedHeader() {
            java.util.Set<String> proxies = new java.util.HashSet<>();
            for (String p : trustedProxies) {
                try {
                    proxies.add(java.net.InetAddress.getByName(p).getHostAddress());
                } catch (java.net.UnknownHostException e) {
                    throw new ConfigException("auth.trustedProxies: '" + p + "' does not resolve");
                }
            }
            return new dev.pharos.access.AccessControl.TrustedHeader(trustedHeader, dev.pharos.access.Role.parse(trustedHeaderRole),
                    java.util.Set.copyOf(proxies), trustedTenantsHeader, dev.pharos.access.Tenants.orDefault(trustedHeaderTenants));
        }
    }

    /**
     * TLS on every listener (HTTP, both OTLP ports, MCP): a PKCS12 key store and the file holding its
     * password ({@code pharos tls self-signed} makes both). Both null: plain HTTP. {@code clientCa}: PEM
     * CA certificate(s); agents must then present a certificate it signed on the OTLP ports (mTLS).
     */
    public record TlsFiles(@JsonProperty("keystore") String keystore, @JsonProperty("passwordFile") String passwordFile,
                           @JsonProperty("clientCa") String clientCa) {
        public TlsFiles(String keystore, String passwordFile) {
            this(keystore, passwordFile, null);
        }

        public TlsFiles {
            if ((keystore == null) != (passwordFile == null)) {
                throw new ConfigException("tls.keystore and tls.passwordFile go together: set both or neither");
            }
            if (clientCa != null && keystore == null) {
                throw new ConfigException("tls.clientCa (mutual TLS for agents) needs tls.keystore and tls.passwordFile");
            }
        }

        /** The TLS material, or null for plain HTTP. */
        public dev.pharos.access.Tls toTls() {
            if (keystore == null) {
                return null;
            }
            for (String f : clientCa == null ? new String[] {keystore, passwordFile} : new String[] {keystore, passwordFile, clientCa}) {
                if (!java.nio.file.Files.isReadable(java.nio.file.Path.of(f))) {
                    throw new ConfigException("tls: cannot read " + f + "; create the files with ./pharos tls self-signed or point to yours");
                }
            }
            return new dev.pharos.access.Tls(java.nio.file.Path.of(keystore), java.nio.file.Path.of(passwordFile),
                    clientCa == null ? null : java.nio.file.Path.of(clientCa));
        }
    }

    /** Where the HTTP endpoints listen. Loopback by default: nothing is reachable from outside. */
    public record Listen(@JsonProperty("address") String address, @JsonProperty("httpPort") Integer httpPort) {
        public Listen {
            address = address == null ? "127.0.0.1" : address;
            httpPort = httpPort == null ? 8080 : httpPort;
            if (httpPort < 0 || httpPort > 65535) {
                throw new ConfigException("listen.httpPort must be 0..65535, got " + httpPort);
            }
        }
    }

    /** {@code mode: embedded} runs ClickHouse in-process; {@code clickhouse} (a server URL) comes later. */
    public record Storage(@JsonProperty("mode") String mode, @JsonProperty("database") String database,
                          @JsonProperty("embedded") Embedded embedded) {
        public Storage {
            mode = mode == null ? "embedded" : mode;
            database = database == null ? "otel" : database;
            embedded = embedded == null ? new Embedded(null, null, null) : embedded;
            if (!database.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                throw new ConfigException("storage.database must be a plain identifier (letters, digits, _), got '" + database + "'");
            }
        }
    }

    /**
     * @param memoryLimit the engine's hard memory cap; default a quarter of RAM, between 1 and 16 GiB
     * @param readConnections queries that may run at once
     * @param logLevel engine log level, written to dataDir/logs/clickhouse.log
     */
    public record Embedded(@JsonProperty("memoryLimit") String memoryLimit, @JsonProperty("readConnections") Integer readConnections,
                           @JsonProperty("logLevel") String logLevel) {
        public Embedded {
            memoryLimit = memoryLimit == null ? ByteSize.format(defaultMemoryLimit()) : memoryLimit;
            readConnections = readConnections == null ? 4 : readConnections;
            logLevel = logLevel == null ? "warning" : logLevel;
            if (!logLevel.matches("trace|debug|information|warning|error|fatal|none")) {
                throw new ConfigException("storage.embedded.logLevel must be one of trace, debug, information, warning, error, got '" + logLevel + "'");
            }
            ByteSize.parse(memoryLimit);
        }

        public long memoryLimitBytes() {
            return ByteSize.parse(memoryLimit);
        }

        static long defaultMemoryLimit() {
            long ram = ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                    .getTotalMemorySize();
            long quarter = (ram / 4) >> 30 << 30;
            return Math.clamp(quarter, 1L << 30, 16L << 30);
        }
    }

    /** Days to keep each signal; 0 keeps it forever. */
    public record RetentionDays(@JsonProperty("logsDays") Integer logsDays, @JsonProperty("tracesDays") Integer tracesDays,
                                @JsonProperty("metricsDays") Integer metricsDays, @JsonProperty("auditDays") Integer auditDays) {
        public RetentionDays(Integer logsDays, Integer tracesDays, Integer metricsDays) {
            this(logsDays, tracesDays, metricsDays, null);
        }

        public RetentionDays {
            build(logsDays, tracesDays, metricsDays, auditDays);
        }

        public Retention toRetention() {
            return build(logsDays, tracesDays, metricsDays, auditDays);
        }

        private static Retention build(Integer logsDays, Integer tracesDays, Integer metricsDays, Integer auditDays) {
            Retention d = Retention.DEFAULT;
            try {
                return new Retention(logsDays == null ? d.logsDays() : logsDays,
                        tracesDays == null ? d.tracesDays() : tracesDays,
                        metricsDays == null ? d.metricsDays() : metricsDays,
                        auditDays == null ? d.auditDays() : auditDays);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(e.getMessage());
            }
        }
    }

    /**
     * Prometheus rule files (and Pharos's log and trace rules) evaluated in the server; off while
     * {@code rulesDir} is unset.
     *
     * @param alertmanagers Alertmanager base URLs, e.g. http://alertmanager:9093 (alerts go to /api/v2/alerts)
     * @param webhooks URLs that receive Alertmanager-webhook-format JSON
     * @param externalUrl this server's URL as people reach it, for links in alerts (generatorURL)
     */
    public record Alerting(@JsonProperty("rulesDir") String rulesDir, @JsonProperty("evaluationInterval") String evaluationInterval,
                           @JsonProperty("alertmanagers") java.util.List<String> alertmanagers,
                           @JsonProperty("webhooks") java.util.List<String> webhooks, @JsonProperty("externalUrl") String externalUrl) {
        public Alerting {
            evaluationInterval = evaluationInterval == null ? "1m" : evaluationInterval;
            alertmanagers = alertmanagers == null ? java.util.List.of() : java.util.List.copyOf(alertmanagers);
            webhooks = webhooks == null ? java.util.List.of() : java.util.List.copyOf(webhooks);
            DurationText.parse(evaluationInterval);
            for (String u : alertmanagers) {
                url("alerting.alertmanagers", u);
            }
            for (String u : webhooks) {
                url("alerting.webhooks", u);
            }
        }

        static java.net.URI url(String where, String text) {
            try {
                java.net.URI u = new java.net.URI(text);
                if (!"http".equals(u.getScheme()) && !"https".equals(u.getScheme()) || u.getHost() == null) {
                    throw new ConfigException(where + ": '" + text + "' is not an http(s) URL");
                }
                return u;
            } catch (java.net.URISyntaxException e) {
                throw new ConfigException(where + ": '" + text + "' is not a URL: " + e.getMessage());
            }
        }

        public boolean enabled() {
            return rulesDir != null && !rulesDir.isBlank();
        }
    }

    /**
     * {@code pharos agent}: the node agent that tails container log files and forwards them to
     * gateways (docs/agent.md). Read only by that command; every value is checked when the file is
     * loaded, the gateways (at least one) when the agent starts.
     *
     * @param gateways OTLP/HTTP endpoints of Pharos servers, e.g. http://pharos-0.pharos:4318 (/v1/logs is added)
     * @param tokenFile a file holding an ingest token, sent as a bearer token
     * @param caFile PEM CA certificate(s) for https gateways (default: the JDK's trust store)
     * @param metricsPort loopback port of the agent's /metrics; unset = none, 0 = any free port
     * @param startAt beginning or end: where to start in files already there at the first start
     * @param compression gzip or none
     * @param resourceAttributes added to every record's resource; a value ${NAME} is read from the environment
     */
    public record Agent(@JsonProperty("podsDir") String podsDir, @JsonProperty("include") String include,
                        @JsonProperty("gateways") java.util.List<String> gateways, @JsonProperty("tokenFile") String tokenFile,
                        @JsonProperty("caFile") String caFile, @JsonProperty("checkpointDir") String checkpointDir,
                        @JsonProperty("metricsAddress") String metricsAddress, @JsonProperty("metricsPort") Integer metricsPort,
                        @JsonProperty("startAt") String startAt, @JsonProperty("scanInterval") String scanInterval,
                        @JsonProperty("pollInterval") String pollInterval, @JsonProperty("rotateWait") String rotateWait,
                        @JsonProperty("batchLines") Integer batchLines, @JsonProperty("batchSize") String batchSize,
                        @JsonProperty("batchAge") String batchAge, @JsonProperty("bufferSize") String bufferSize,
                        @JsonProperty("maxInFlight") Integer maxInFlight, @JsonProperty("compression") String compression,
                        @JsonProperty("requestTimeout") String requestTimeout, @JsonProperty("checkpointInterval") String checkpointInterval,
                        @JsonProperty("shutdownTimeout") String shutdownTimeout, @JsonProperty("maxLineSize") String maxLineSize,
                        @JsonProperty("maxRecordSize") String maxRecordSize,
                        @JsonProperty("resourceAttributes") java.util.Map<String, String> resourceAttributes) {

        public static final Agent EMPTY = new Agent(null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null, null, null, null, null, null, null);

        // A full constructor rather than a compact one: the fields must be set before toSettings checks them.
        public Agent(String podsDir, String include, java.util.List<String> gateways, String tokenFile, String caFile,
                     String checkpointDir, String metricsAddress, Integer metricsPort, String startAt, String scanInterval,
                     String pollInterval, String rotateWait, Integer batchLines, String batchSize, String batchAge, String bufferSize,
                     Integer maxInFlight, String compression, String requestTimeout, String checkpointInterval, String shutdownTimeout,
                     String maxLineSize, String maxRecordSize, java.util.Map<String, String> resourceAttributes) {
            this.tokenFile = tokenFile;
            this.caFile = caFile;
            this.metricsPort = metricsPort;
            this.podsDir = podsDir == null ? "/var/log/pods" : podsDir;
            this.include = include == null ? "*/*/*.log" : include;
            this.gateways = gateways == null ? java.util.List.of() : java.util.List.copyOf(gateways);
            this.checkpointDir = checkpointDir == null ? "/var/lib/pharos-agent" : checkpointDir;
            this.metricsAddress = metricsAddress == null ? "127.0.0.1" : metricsAddress;
            this.startAt = startAt == null ? "beginning" : startAt;
            this.scanInterval = scanInterval == null ? "1s" : scanInterval;
            this.pollInterval = pollInterval == null ? "200ms" : pollInterval;
            this.rotateWait = rotateWait == null ? "1s" : rotateWait;
            this.batchLines = batchLines == null ? 2000 : batchLines;
            this.batchSize = batchSize == null ? "1MiB" : batchSize;
            this.batchAge = batchAge == null ? "1s" : batchAge;
            this.bufferSize = bufferSize == null ? "16MiB" : bufferSize;
            this.maxInFlight = maxInFlight == null ? 4 : maxInFlight;
            this.compression = compression == null ? "gzip" : compression;
            this.requestTimeout = requestTimeout == null ? "30s" : requestTimeout;
            this.checkpointInterval = checkpointInterval == null ? "500ms" : checkpointInterval;
            this.shutdownTimeout = shutdownTimeout == null ? "10s" : shutdownTimeout;
            this.maxLineSize = maxLineSize == null ? "256KiB" : maxLineSize;
            this.maxRecordSize = maxRecordSize == null ? "1MiB" : maxRecordSize;
            this.resourceAttributes = resourceAttributes == null ? java.util.Map.of() : java.util.Map.copyOf(resourceAttributes);
            if (!this.startAt.equals("beginning") && !this.startAt.equals("end")) {
                throw new ConfigException("agent.startAt must be beginning or end, got '" + this.startAt + "'");
            }
            if (!this.compression.equals("gzip") && !this.compression.equals("none")) {
                throw new ConfigException("agent.compression must be gzip or none, got '" + this.compression + "'");
            }
            if (metricsPort != null && (metricsPort < 0 || metricsPort > 65535)) {
                throw new ConfigException("agent.metricsPort must be 0..65535 (0 = any free port), got " + metricsPort);
            }
            for (String g : this.gateways) {
                try {
                    dev.pharos.agent.AgentSettings.gatewayUrl(g);
                } catch (IllegalArgumentException e) {
                    throw new ConfigException("agent.gateways: " + e.getMessage());
                }
            }
            for (String d : new String[] {this.scanInterval, this.pollInterval, this.rotateWait, this.batchAge, this.requestTimeout,
                this.checkpointInterval, this.shutdownTimeout}) {
                DurationText.parse(d);
            }
            for (String b : new String[] {this.batchSize, this.bufferSize, this.maxLineSize, this.maxRecordSize}) {
                ByteSize.parse(b);
            }
            // The rest (ranges, how values relate) is checked once, by the agent's own settings.
            toSettings(false);
        }

        /** This section with the command line's values on top (null = keep the file's). */
        public Agent with(String podsDir, java.util.List<String> gateways, String tokenFile, String checkpointDir, Integer metricsPort) {
            return new Agent(podsDir != null ? podsDir : this.podsDir, include,
                    gateways != null && !gateways.isEmpty() ? gateways : this.gateways, tokenFile != null ? tokenFile : this.tokenFile,
                    caFile, checkpointDir != null ? checkpointDir : this.checkpointDir, metricsAddress,
                    metricsPort != null ? metricsPort : this.metricsPort, startAt, scanInterval, pollInterval, rotateWait, batchLines,
                    batchSize, batchAge, bufferSize, maxInFlight, compression, requestTimeout, checkpointInterval, shutdownTimeout,
                    maxLineSize, maxRecordSize, resourceAttributes);
        }

        /** The agent's settings; reads the token file and the environment for ${NAME} attribute values. */
        public dev.pharos.agent.AgentSettings toSettings() {
            return toSettings(true);
        }

        private dev.pharos.agent.AgentSettings toSettings(boolean forStart) {
            String token = null;
            if (forStart && tokenFile != null) {
                try {
                    token = java.nio.file.Files.readString(java.nio.file.Path.of(tokenFile)).strip();
                } catch (java.io.IOException e) {
                    throw new ConfigException("agent.tokenFile: cannot read " + tokenFile + " (" + e.getClass().getSimpleName() + ")");
                }
                if (token.isEmpty()) {
                    throw new ConfigException("agent.tokenFile: " + tokenFile + " is empty; put an ingest token in it (pharos token create --role ingest)");
                }
            }
            if (forStart && caFile != null && !java.nio.file.Files.isReadable(java.nio.file.Path.of(caFile))) {
                throw new ConfigException("agent.caFile: cannot read " + caFile);
            }
            java.util.Map<String, String> attrs = new java.util.LinkedHashMap<>();
            for (var e : new java.util.TreeMap<>(resourceAttributes).entrySet()) {
                String v = e.getValue();
                if (forStart && v != null && v.matches("\\$\\{[A-Za-z_][A-Za-z0-9_]*}")) {
                    String name = v.substring(2, v.length() - 1);
                    v = System.getenv(name);
                    if (v == null || v.isEmpty()) {
                        throw new ConfigException("agent.resourceAttributes." + e.getKey() + ": the environment variable " + name
                                + " is not set (in a DaemonSet, set it from the downward API, e.g. spec.nodeName)");
                    }
                }
                attrs.put(e.getKey(), v);
            }
            try {
                return dev.pharos.agent.AgentSettings.builder()
                        .podsDir(java.nio.file.Path.of(podsDir))
                        .include(include)
                        .gateways(forStart ? gateways.stream().map(dev.pharos.agent.AgentSettings::gatewayUrl).toList()
                                : java.util.List.of(java.net.URI.create("http://127.0.0.1:4318")))
                        .bearerToken(token)
                        .caFile(caFile == null ? null : java.nio.file.Path.of(caFile))
                        .checkpointDir(java.nio.file.Path.of(checkpointDir))
                        .metricsAddress(metricsAddress)
                        .metricsPort(metricsPort == null ? -1 : metricsPort)
                        .startAt(startAt.equals("end") ? dev.pharos.agent.AgentSettings.StartAt.END
                                : dev.pharos.agent.AgentSettings.StartAt.BEGINNING)
                        .scanInterval(DurationText.parse(scanInterval))
                        .pollInterval(DurationText.parse(pollInterval))
                        .rotateWait(DurationText.parse(rotateWait))
                        .batchLines(batchLines)
                        .batchBytes(ByteSize.parse(batchSize))
                        .batchAge(DurationText.parse(batchAge))
                        .bufferBytes(ByteSize.parse(bufferSize))
                        .maxInFlight(maxInFlight)
                        .gzip(compression.equals("gzip"))
                        .requestTimeout(DurationText.parse(requestTimeout))
                        .checkpointInterval(DurationText.parse(checkpointInterval))
                        .shutdownTimeout(DurationText.parse(shutdownTimeout))
                        .maxLineBytes((int) Math.min(Integer.MAX_VALUE, ByteSize.parse(maxLineSize)))
                        .maxRecordBytes((int) Math.min(Integer.MAX_VALUE, ByteSize.parse(maxRecordSize)))
                        .resourceAttributes(attrs)
                        .build();
            } catch (IllegalArgumentException e) {
                throw new ConfigException(e.getMessage().startsWith("agent.") || !forStart ? e.getMessage()
                        : "agent: " + e.getMessage());
            }
        }
    }
}
