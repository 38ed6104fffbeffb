package dev.pharos.store.dataset;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What the engine needs to know of a dataset: its table's extra columns, ordering key and indexes,
 * and how long rows are kept. Which records belong to it is decided at ingest (see
 * {@code process/dataset}); the engine routes on the {@code Dataset} value ingest stamps.
 *
 * @param name lower-case identifier; tables are {@code logs_<name>_v<version>}
 * @param orderBy sorting key, base or extracted columns; empty for the default (ServiceName, TimestampTime, Timestamp)
 * @param retentionDays 0 keeps rows forever
 */
public record DatasetShape(String name, List<ExtractedColumn> columns, List<String> orderBy, List<TableIndex> indexes, int retentionDays) {

    /** The dataset of every record no rule claims; its table is {@code otel_logs}. */
    public static final String DEFAULT = "default";

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,39}");
    private static final Pattern VERSION_SUFFIX = Pattern.compile(".*_v[0-9]+");
    private static final List<String> DEFAULT_ORDER = List.of("ServiceName", "TimestampTime", "Timestamp");

    public DatasetShape {
        if (name == null || !NAME.matcher(name).matches() || VERSION_SUFFIX.matcher(name).matches()) {
            throw new IllegalArgumentException("dataset name must be lower-case letters, digits and _ (at most 40, starting with a letter,"
                    + " not ending in _v<number>), got: " + name);
        }
        columns = List.copyOf(columns == null ? List.of() : columns);
        orderBy = List.copyOf(orderBy == null || orderBy.isEmpty() ? DEFAULT_ORDER : orderBy);
        indexes = List.copyOf(indexes == null ? List.of() : indexes);
        if (retentionDays < 0 || retentionDays > 36_500) {
            throw new IllegalArgumentException("dataset " + name + ": retention must be 0 (forever) to 36500 days, got " + retentionDays);
        }
        Set<String> known = new HashSet<>(LogColumns.NAMES);
        for (ExtractedColumn c : columns) {
            if (!known.add(c.name())) {
                throw new IllegalArgumentException("dataset " + name + ": column " + c.name() + " is defined twice");
            }
        }
        if (!orderBy.contains("TimestampTime")) {
            throw new IllegalArgumentException("dataset " + name + ": orderBy must include TimestampTime (partitions and searches are by time)");
        }
        for (String c : orderBy) {
            if (!known.contains(c)) {
                throw new IllegalArgumentException("dataset " + name + ": orderBy names unknown column " + c + "; known: base log columns and "
                        + columns.stream().map(ExtractedColumn::name).toList());
            }
            if (c.endsWith("Attributes")) {
                throw new IllegalArgumentException("dataset " + name + ": orderBy cannot use the map column " + c + "; extract the key as a column");
            }
        }
        Set<String> indexNames = new HashSet<>();
        for (TableIndex i : indexes) {
            if (!known.contains(i.column())) {
                throw new IllegalArgumentException("dataset " + name + ": index " + i.name() + " is on unknown column " + i.column());
            }
            if (!indexNames.add(i.name()) || i.name().startsWith("idx_") && LogColumns.INDEXES.contains(i.name() + " ")) {
                throw new IllegalArgumentException("dataset " + name + ": index name " + i.name() + " is used twice or by a built-in index");
            }
        }
    }

    /** The table of version {@code version}. */
    public String table(int version) {
        return "logs_" + name + "_v" + version;
    }

    /**
     * What makes a new table version necessary when it changes: columns, sorting key, indexes.
     * Retention is not in it (a TTL is altered in place).
     */
    public String layout() {
        List<String> parts = new ArrayList<>();
        for (ExtractedColumn c : columns) {
            parts.add(c.name() + " " + c.type() + " <- " + c.source());
        }
        parts.add("ORDER BY " + String.join(", ", orderBy));
        for (TableIndex i : indexes) {
            parts.add(i.ddl());
        }
        return String.join("; ", parts);
    }
}
