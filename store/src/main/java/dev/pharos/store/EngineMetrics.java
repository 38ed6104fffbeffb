package dev.pharos.store;

import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Engine gauges read from ClickHouse's system tables at scrape time: memory tracked by the engine
 * and active parts, rows and bytes on disk per table. Too many parts is the first sign that
 * batches are too small; memory near the cap explains refused queries.
 */
public final class EngineMetrics {

    private static final Logger log = LoggerFactory.getLogger(EngineMetrics.class);

    private EngineMetrics() {}

    public static void register(ClickHouse clickHouse, String database, PrometheusRegistry registry) {
        GaugeWithCallback.builder().name("pharos_engine_memory_bytes")
                .help("Memory tracked by the ClickHouse engine (MemoryTracking)")
                .callback(cb -> {
                    String v = safeQuery(clickHouse, "SELECT value FROM system.metrics WHERE metric = 'MemoryTracking'");
                    if (!v.isBlank()) {
                        cb.call(Double.parseDouble(v.strip()));
                    }
                })
                .register(registry);
        String partsSql = "SELECT table, count(), sum(rows), sum(bytes_on_disk) FROM system.parts WHERE active AND database = '"
                + database + "' GROUP BY table ORDER BY table";
        GaugeWithCallback.builder().name("pharos_engine_parts")
                .help("Active data parts per table").labelNames("table")
                .callback(cb -> eachTableRow(clickHouse, partsSql, (table, cols) -> cb.call(Double.parseDouble(cols[1]), table)))
                .register(registry);
        GaugeWithCallback.builder().name("pharos_engine_rows")
                .help("Rows stored per table (active parts)").labelNames("table")
                .callback(cb -> eachTableRow(clickHouse, partsSql, (table, cols) -> cb.call(Double.parseDouble(cols[2]), table)))
                .register(registry);
        GaugeWithCallback.builder().name("pharos_engine_disk_bytes")
                .help("Compressed bytes on disk per table (active parts)").labelNames("table")
                .callback(cb -> eachTableRow(clickHouse, partsSql, (table, cols) -> cb.call(Double.parseDouble(cols[3]), table)))
                .register(registry);
    }

    private interface RowConsumer {
        void accept(String table, String[] columns);
    }

    private static void eachTableRow(ClickHouse clickHouse, String sql, RowConsumer consumer) {
        for (String line : safeQuery(clickHouse, sql).split("\n")) {
            if (!line.isBlank()) {
                String[] cols = line.split("\t");
                consumer.accept(cols[0], cols);
            }
        }
    }

    /** A scrape must not fail because the engine is busy or shutting down: report nothing instead. */
    private static String safeQuery(ClickHouse clickHouse, String sql) {
        try {
            return clickHouse.query(sql, "TSV").text();
        } catch (RuntimeException e) {
            log.debug("engine metrics query failed: {}", e.getMessage());
            return "";
        }
    }
}
