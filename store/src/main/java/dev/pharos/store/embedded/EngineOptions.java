package dev.pharos.store.embedded;

import java.nio.file.Path;

/**
 * How to run the embedded engine.
 *
 * @param dataDir Pharos data directory; the engine keeps its files in {@code dataDir/clickhouse}
 * @param maxServerMemoryBytes hard cap for the engine's memory (ClickHouse's default, 90% of RAM,
 *     is never what a shared host wants)
 * @param readConnections how many read queries may run at once
 * @param logLevel engine log level (trace, debug, information, warning, error)
 */
public record EngineOptions(Path dataDir, long maxServerMemoryBytes, int readConnections, String logLevel) {

    public EngineOptions {
        if (maxServerMemoryBytes < 256L << 20) {
            throw new IllegalArgumentException("engine memory limit must be at least 256 MiB, got " + maxServerMemoryBytes + " bytes");
        }
        if (readConnections < 1 || readConnections > 64) {
            throw new IllegalArgumentException("read connections must be between 1 and 64, got " + readConnections);
        }
        dataDir = dataDir.toAbsolutePath().normalize();
    }

    public Path engineDir() {
        return dataDir.resolve("clickhouse");
    }

    public Path logDir() {
        return dataDir.resolve("logs");
    }
}
