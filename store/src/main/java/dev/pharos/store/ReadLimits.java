package dev.pharos.store;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one query written by a user may cost. The engine enforces every one of these (ClickHouse
 * settings with {@code throw} overflow modes), so a query that would exceed them fails with the
 * engine's own error instead of running on.
 *
 * @param maxExecutionTime wall-clock limit
 * @param maxRowsToRead rows read from tables, across all of them
 * @param maxBytesToRead uncompressed bytes read from tables
 * @param maxResultRows rows in the result
 * @param maxResultBytes uncompressed bytes in the result
 * @param maxMemoryUsage memory of the query in the engine
 * @param hiddenTables tables (db.table) whose rows the query must not see: the engine filters them out
 *     wherever they are read (subqueries, joins, UNION), through {@code additional_table_filters}
 */
public record ReadLimits(Duration maxExecutionTime, long maxRowsToRead, long maxBytesToRead, long maxResultRows,
                         long maxResultBytes, long maxMemoryUsage, java.util.List<String> hiddenTables) {

    public ReadLimits(Duration maxExecutionTime, long maxRowsToRead, long maxBytesToRead, long maxResultRows, long maxResultBytes,
                      long maxMemoryUsage) {
        this(maxExecutionTime, maxRowsToRead, maxBytesToRead, maxResultRows, maxResultBytes, maxMemoryUsage, java.util.List.of());
    }

    /** The same limits, with these tables' rows hidden as well. */
    public ReadLimits hiding(java.util.List<String> tables) {
        java.util.List<String> all = new java.util.ArrayList<>(hiddenTables);
        all.addAll(tables);
        return new ReadLimits(maxExecutionTime, maxRowsToRead, maxBytesToRead, maxResultRows, maxResultBytes, maxMemoryUsage,
                java.util.List.copyOf(all));
    }

    public ReadLimits {
        if (maxExecutionTime.isNegative() || maxExecutionTime.isZero()) {
            throw new IllegalArgumentException("max execution time must be positive");
        }
        hiddenTables = java.util.List.copyOf(hiddenTables);
        for (String t : hiddenTables) {
            if (!t.matches("[A-Za-z_][A-Za-z0-9_]*\\.[A-Za-z_][A-Za-z0-9_]*")) {
                throw new IllegalArgumentException("hidden table must be db.table, got " + t);
            }
        }
        if (maxRowsToRead <= 0 || maxBytesToRead <= 0 || maxResultRows <= 0 || maxResultBytes <= 0 || maxMemoryUsage <= 0) {
            throw new IllegalArgumentException("read limits must be positive");
        }
    }

    /** The ClickHouse settings that enforce these limits, in the order they must be applied. */
    public Map<String, String> settings() {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("max_execution_time", Double.toString(maxExecutionTime.toMillis() / 1000.0));
        s.put("timeout_overflow_mode", "'throw'");
        s.put("max_rows_to_read", Long.toString(maxRowsToRead));
        s.put("max_bytes_to_read", Long.toString(maxBytesToRead));
        s.put("read_overflow_mode", "'throw'");
        s.put("max_result_rows", Long.toString(maxResultRows));
        s.put("max_result_bytes", Long.toString(maxResultBytes));
        s.put("result_overflow_mode", "'throw'");
        s.put("max_memory_usage", Long.toString(maxMemoryUsage));
        // Functions that reveal the engine's memory layout are off by default; keep them off.
        s.put("allow_introspection_functions", "0");
        if (!hiddenTables.isEmpty()) {
            s.put("additional_table_filters", "{" + String.join(", ", hiddenTables.stream().map(t -> "'" + t + "': '0'").toList()) + "}");
        }
        return s;
    }
}
