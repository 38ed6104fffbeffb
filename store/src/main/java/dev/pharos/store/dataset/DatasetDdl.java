package dev.pharos.store.dataset;

import java.util.ArrayList;
import java.util.List;

/** The statements behind datasets: their tables, the views routing rows into them, the Merge tables reading them. */
public final class DatasetDdl {

    static final String SETTINGS =
            "SETTINGS index_granularity = 8192, ttl_only_drop_parts = 1, non_replicated_deduplication_window = 1000";

    private DatasetDdl() {}

    /** A dataset's own Merge table, over all its versions, named after the dataset: what users query in SQL. */
    static String mergeTable(String dataset) {
        return "logs_" + dataset;
    }

    static String view(String dataset) {
        return dataset.equals(DatasetShape.DEFAULT) ? "otel_logs_default_mv" : "logs_" + dataset + "_mv";
    }

    static String createTable(String db, DatasetShape shape, int version) {
        StringBuilder cols = new StringBuilder(LogColumns.DDL);
        for (ExtractedColumn c : shape.columns()) {
            cols.append(",\n").append(c.ddl());
        }
        cols.append(",\n").append(LogColumns.INDEXES);
        for (TableIndex i : shape.indexes()) {
            cols.append(",\n").append(i.ddl());
        }
        return "CREATE TABLE IF NOT EXISTS %s.%s (\n%s\n) ENGINE = MergeTree\nPARTITION BY toDate(TimestampTime)\nORDER BY (%s)\n%s\n%s"
                .formatted(db, shape.table(version), cols, String.join(", ", shape.orderBy()), ttl(shape.retentionDays()), SETTINGS);
    }

    static String ttl(int days) {
        return days == 0 ? "" : "TTL TimestampTime + toIntervalDay(" + days + ")";
    }

    /** The view copying a dataset's rows (those ingest stamped with its name) from the ingest table into {@code table}, extracting its columns. */
    public static String createView(String db, String dataset, String table, List<ExtractedColumn> columns) {
        return createView(db, dataset, table, columns, "Dataset = " + ExtractedColumn.quote(dataset));
    }

    /**
     * The default dataset's view: every row no configured dataset claims. Keyed on the configured names
     * rather than on 'default', so rows stamped for a dataset since removed from the config (replayed
     * from the disk buffer after a restart) land here instead of nowhere.
     */
    public static String createDefaultView(String db, java.util.Collection<String> configured) {
        String condition = configured.isEmpty() ? "1"
                : "Dataset NOT IN (" + String.join(", ", configured.stream().map(ExtractedColumn::quote).toList()) + ")";
        return createView(db, DatasetShape.DEFAULT, LogTables.DEFAULT_TABLE, List.of(), condition);
    }

    private static String createView(String db, String dataset, String table, List<ExtractedColumn> columns, String condition) {
        List<String> select = new ArrayList<>(LogColumns.COPIED);
        for (ExtractedColumn c : columns) {
            select.add(c.selectExpression());
        }
        return "CREATE MATERIALIZED VIEW IF NOT EXISTS %s.%s TO %s.%s AS SELECT %s FROM %s.%s WHERE %s"
                .formatted(db, view(dataset), db, table, String.join(", ", select), db, LogTables.INGEST, condition);
    }

    /** The read surface over every log table; its columns are the base ones, which all versions share. */
    public static String createSearchTable(String db) {
        return "CREATE TABLE IF NOT EXISTS %s.%s (%s) ENGINE = Merge(%s, '^(%s|logs_[a-z][a-z0-9_]*_v[0-9]+)$')"
                .formatted(db, LogTables.SEARCH, LogColumns.PLAIN, ExtractedColumn.quote(db), LogTables.DEFAULT_TABLE);
    }

    /** A dataset's Merge table with the columns of {@code latest}; older versions answer the default of a column they lack. */
    static String createDatasetMerge(String db, String dataset, DatasetShape latest) {
        StringBuilder cols = new StringBuilder(LogColumns.PLAIN);
        for (ExtractedColumn c : latest.columns()) {
            cols.append(",\n").append(c.name()).append(' ').append(c.type());
        }
        return "CREATE TABLE %s.%s (%s) ENGINE = Merge(%s, '^logs_%s_v[0-9]+$')"
                .formatted(db, mergeTable(dataset), cols, ExtractedColumn.quote(db), dataset);
    }

    public static String createIngestTable(String db) {
        return "CREATE TABLE IF NOT EXISTS %s.%s (%s,\nDataset LowCardinality(String)) ENGINE = Null"
                .formatted(db, LogTables.INGEST, LogColumns.DDL);
    }

    public static String createRegistry(String db) {
        return """
                CREATE TABLE IF NOT EXISTS %s.pharos_datasets (
                    Dataset String,
                    Version UInt32,
                    TableName String,
                    Layout String,
                    RetentionDays UInt32,
                    CreatedAt DateTime64(3),
                    RetiredAt DateTime64(3) DEFAULT 0,
                    Updated DateTime64(3) DEFAULT now64(3)
                ) ENGINE = ReplacingMergeTree(Updated) ORDER BY (Dataset, Version)""".formatted(db);
    }
}
