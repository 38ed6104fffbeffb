package dev.pharos.store.dataset;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Where logs are, as the query layer needs it: the one table every log search reads
 * ({@link #SEARCH}, a Merge table over every dataset table of every version), the dataset tables
 * with the time each covers, and every name that holds tenant rows. A snapshot taken at start-up,
 * when datasets are applied.
 */
public record LogTables(List<DatasetVersion> versions) {

    /** Pharos writes here: a Null-engine table whose materialized views route rows into the dataset tables. */
    public static final String INGEST = "otel_logs_ingest";
    /** Reads go here. */
    public static final String SEARCH = "otel_logs_all";
    /** The default dataset's table: the OTel exporter's own table name, so its tools keep working. */
    public static final String DEFAULT_TABLE = "otel_logs";

    public LogTables {
        versions = List.copyOf(versions);
    }

    /** Only the default dataset: what a database without configured datasets has. */
    public static LogTables defaultOnly() {
        return new LogTables(List.of(new DatasetVersion(DatasetShape.DEFAULT, 1, DEFAULT_TABLE, "", 0, 0, 0, 0, 0)));
    }

    /** The dataset tables that may hold rows between the two times (epoch seconds); all of them for an open range. */
    public List<String> tablesFor(long fromSeconds, long toSeconds) {
        List<String> out = new ArrayList<>();
        for (DatasetVersion v : versions) {
            if (v.mayHold(fromSeconds, toSeconds)) {
                out.add(v.table());
            }
        }
        return out;
    }

    /** The tables of one dataset, oldest version first; empty for an unknown name. */
    public List<String> tablesOf(String dataset) {
        return versions.stream().filter(v -> v.dataset().equals(dataset)).map(DatasetVersion::table).toList();
    }

    public List<String> datasets() {
        return versions.stream().map(DatasetVersion::dataset).distinct().toList();
    }

    /** Every table name (without database) whose rows belong to tenants: dataset tables, their Merge tables, the search and ingest tables. */
    public Set<String> tenantTables() {
        Set<String> names = new LinkedHashSet<>();
        names.add(SEARCH);
        names.add(INGEST);
        for (DatasetVersion v : versions) {
            names.add(v.table());
            if (!v.dataset().equals(DatasetShape.DEFAULT)) {
                names.add(DatasetDdl.mergeTable(v.dataset()));
            }
        }
        return names;
    }
}
