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
        @JsonProperty("retention") RetentionDays retention) {

    public PharosConfig {
        dataDir = dataDir == null ? "./data" : dataDir;
        listen = listen == null ? new Listen(null, null) : listen;
        storage = storage == null ? new Storage(null, null, null) : storage;
        retention = retention == null ? new RetentionDays(null, null, null) : retention;
    }

    public static PharosConfig defaults() {
        return new PharosConfig(null, null, null, null);
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
                                @JsonProperty("metricsDays") Integer metricsDays) {
        public RetentionDays {
            build(logsDays, tracesDays, metricsDays);
        }

        public Retention toRetention() {
            return build(logsDays, tracesDays, metricsDays);
        }

        private static Retention build(Integer logsDays, Integer tracesDays, Integer metricsDays) {
            Retention d = Retention.DEFAULT;
            try {
                return new Retention(logsDays == null ? d.logsDays() : logsDays,
                        tracesDays == null ? d.tracesDays() : tracesDays,
                        metricsDays == null ? d.metricsDays() : metricsDays);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(e.getMessage());
            }
        }
    }
}
