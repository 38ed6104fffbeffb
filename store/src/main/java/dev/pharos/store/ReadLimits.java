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
 * @param tableFilters per table (db.table), a condition every row the query reads from it must meet
 *     ({@code 0} hides the table's rows); the engine applies it wherever the table is read (subqueries,
 *     joins, UNION, views), through {@code additional_table_filters}
 */
public record ReadLimits(Duration maxExecutionTime, long maxRowsToRead, long maxBytesToRead, long maxResultRows,
                         long maxResultBytes, long maxMemoryUsage, Map<String, String> tableFilters) {

    private static final java.util.regex.Pattern TABLE = java.util.regex.Pattern.compile("[A-Za-z_][A-Za-z0-9_]*\\.[A-Za-z_][A-Za-z0-9_]*");

    public ReadLimits(Duration maxExecutionTime, long maxRowsToRead, long maxBytesToRead, long maxResultRows, long maxResultBytes,
                      long maxMemoryUsage) {
        this(maxExecutionTime, maxRowsToRead, maxBytesToRead, maxResultRows, maxResultBytes, maxMemoryUsage, Map.of());
    }

    /** The same limits, with these tables' rows hidden as well. */
    public ReadLimits hiding(java.util.List<String> tables) {
        Map<String, String> hidden = new LinkedHashMap<>();
        tables.forEach(t -> hidden.put(t, "0"));
        return filtering(hidden);
    }

    /** The same limits, with these filters too (replacing any on the same tables). */
    public ReadLimits filtering(Map<String, String> filters) {
        Map<String, String> all = new java.util.TreeMap<>(tableFilters);
        all.putAll(filters);
        return new ReadLimits(maxExecutionTime, maxRowsToRead, maxBytesToRead, maxResultRows, maxResultBytes, maxMemoryUsage, all);
    }

    /** The value of the {@code additional_table_filters} setting for {@code filters}. */
    public static String tableFiltersSetting(Map<String, String> filters) {
        StringBuilder sb = new StringBuilder("{");
        for (Map.Entry<String, String> e : new java.util.TreeMap<>(filters).entrySet()) {
            if (sb.length() > 1) {
                sb.append(", ");
            }
            sb.append(quote(e.getKey())).append(": ").append(quote(e.getValue()));
        }
        return sb.append('}').toString();
    }

    private static String quote(String s) {
        return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    public ReadLimits {
        if (maxExecutionTime.isNegative() || maxExecutionTime.isZero()) {
            throw new IllegalArgumentException("max execution time must be positive");
        }
        tableFilters = Map.copyOf(tableFilters);
        for (String t : tableFilters.keySet()) {
            if (!TABLE.matcher(t).matches()) {
                throw new IllegalArgumentException("filtered table must be db.table, got " + t);
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
        if (!tableFilters.isEmpty()) {
            s.put("additional_table_filters", tableFiltersSetting(tableFilters));
        }
        return s;
    }
}
