package dev.pharos.store.dataset;

import dev.pharos.store.ClickHouse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the engine match the configured datasets at start-up, before ingest opens. A dataset whose
 * columns, sorting key or indexes changed gets a new table version ({@code logs_<name>_v<n+1>}),
 * and the old version stays in place and searchable until its rows expire: nothing is rewritten,
 * so a change costs nothing however large the dataset. A changed retention is altered in place.
 * A dataset removed from the config stops receiving rows (they go to the default dataset) and its
 * tables stay until their TTL. Every version is recorded in {@code pharos_datasets}.
 *
 * <p>Statements are idempotent or re-created, so a crash half-way is repaired by the next start.
 */
public final class DatasetMigrator {

    private static final Logger log = LoggerFactory.getLogger(DatasetMigrator.class);

    private final ClickHouse clickHouse;
    private final String db;

    public DatasetMigrator(ClickHouse clickHouse, String database) {
        this.clickHouse = clickHouse;
        this.db = database;
    }

    /** What changed, for the start-up log and tests. */
    public record Report(List<String> changes, LogTables tables) {}

    /**
     * @param configured the datasets in rule order, without the default one
     * @param defaultRetentionDays retention of the default dataset ({@code retention.logs})
     */
    public Report apply(List<DatasetShape> configured, int defaultRetentionDays) {
        clickHouse.execute(DatasetDdl.createRegistry(db));
        clickHouse.execute(DatasetDdl.createIngestTable(db));
        Map<String, List<Row>> registry = read();
        List<String> changes = new ArrayList<>();
        long now = System.currentTimeMillis();
        if (!registry.containsKey(DatasetShape.DEFAULT)) {
            record(new Row(DatasetShape.DEFAULT, 1, LogTables.DEFAULT_TABLE, "", defaultRetentionDays, now, 0));
        } else {
            Row d = latest(registry.get(DatasetShape.DEFAULT));
            if (d.retentionDays != defaultRetentionDays) {
                // SchemaMigrator alters otel_logs itself; only the record follows.
                record(d.withRetention(defaultRetentionDays));
            }
        }
        Map<String, DatasetShape> active = new LinkedHashMap<>();
        for (DatasetShape shape : configured) {
            if (shape.name().equals(DatasetShape.DEFAULT)) {
                throw new IllegalArgumentException("'default' is the dataset of unmatched records; name yours otherwise");
            }
            active.put(shape.name(), shape);
            List<Row> versions = registry.getOrDefault(shape.name(), List.of());
            Row last = versions.isEmpty() ? null : latest(versions);
            if (last == null || !last.layout.equals(shape.layout())) {
                int version = last == null ? 1 : last.version + 1;
                clickHouse.execute(DatasetDdl.createTable(db, shape, version));
                record(new Row(shape.name(), version, shape.table(version), shape.layout(), shape.retentionDays(), now, 0));
                if (last != null && last.retiredAt == 0) {
                    record(last.retired(now));
                }
                changes.add(last == null ? "dataset " + shape.name() + ": created " + shape.table(version)
                        : "dataset " + shape.name() + ": layout changed, new table " + shape.table(version) + " (" + last.table + " kept for its older rows)");
            } else if (last.retiredAt != 0) {
                record(last.revived());
                changes.add("dataset " + shape.name() + ": back in the config, " + last.table + " receives rows again");
            }
            for (Row v : versions) {
                if (v.retentionDays != shape.retentionDays()) {
                    clickHouse.execute(shape.retentionDays() == 0 ? "ALTER TABLE %s.%s REMOVE TTL".formatted(db, v.table)
                            : "ALTER TABLE %s.%s MODIFY TTL %s".formatted(db, v.table, DatasetDdl.ttl(shape.retentionDays()).substring(4)));
                    record(v.withRetention(shape.retentionDays()));
                    changes.add("dataset " + shape.name() + ": " + v.table + " retention " + v.retentionDays + " -> " + shape.retentionDays() + " days");
                }
            }
        }
        for (Map.Entry<String, List<Row>> e : registry.entrySet()) {
            Row last = latest(e.getValue());
            if (!e.getKey().equals(DatasetShape.DEFAULT) && !active.containsKey(e.getKey()) && last.retiredAt == 0) {
                record(last.retired(now));
                changes.add("dataset " + e.getKey() + ": no longer configured; its rows go to the default dataset, " + last.table + " is kept until its TTL");
            }
        }
        routeAndRead(active);
        changes.forEach(c -> log.info("{}", c));
        return new Report(changes, snapshot());
    }

    /** Re-creates the routing views and the Merge tables: cheap, they hold no data, and it repairs a half-applied start. */
    private void routeAndRead(Map<String, DatasetShape> active) {
        for (String view : existing("MaterializedView")) {
            if (view.equals("otel_logs_default_mv") || view.startsWith("logs_") && view.endsWith("_mv")) {
                clickHouse.execute("DROP VIEW IF EXISTS %s.%s".formatted(db, view));
            }
        }
        clickHouse.execute(DatasetDdl.createDefaultView(db, active.keySet()));
        Map<String, List<Row>> registry = read();
        for (DatasetShape shape : active.values()) {
            clickHouse.execute(DatasetDdl.createView(db, shape.name(), latest(registry.get(shape.name())).table, shape.columns()));
        }
        for (String merge : existing("Merge")) {
            clickHouse.execute("DROP TABLE IF EXISTS %s.%s".formatted(db, merge));
        }
        clickHouse.execute(DatasetDdl.createSearchTable(db));
        for (String dataset : registry.keySet()) {
            if (dataset.equals(DatasetShape.DEFAULT)) {
                continue;
            }
            DatasetShape shape = active.get(dataset);
            // A dataset no longer configured keeps a Merge table with the base columns, for its remaining rows.
            clickHouse.execute(DatasetDdl.createDatasetMerge(db, dataset,
                    shape != null ? shape : new DatasetShape(dataset, List.of(), List.of(), List.of(), 0)));
        }
    }

    /** The registry with the time range each table holds. */
    public LogTables snapshot() {
        Map<String, long[]> ranges = new HashMap<>();
        String text = clickHouse.query("SELECT table, toUnixTimestamp(min(min_time)), toUnixTimestamp(max(max_time)) FROM system.parts"
                + " WHERE database = '" + db + "' AND active GROUP BY table", "TSV").text();
        for (String line : text.split("\n")) {
            if (!line.isBlank()) {
                String[] p = line.split("\t");
                ranges.put(p[0], new long[] {Long.parseLong(p[1]), Long.parseLong(p[2])});
            }
        }
        List<DatasetVersion> versions = new ArrayList<>();
        for (List<Row> rows : read().values()) {
            for (Row r : rows) {
                long[] range = ranges.getOrDefault(r.table, new long[2]);
                versions.add(new DatasetVersion(r.dataset, r.version, r.table, r.layout, r.retentionDays, r.createdAt, r.retiredAt, range[0], range[1]));
            }
        }
        return new LogTables(versions);
    }

    private List<String> existing(String engine) {
        String text = clickHouse.query("SELECT name FROM system.tables WHERE database = '" + db + "' AND engine = '" + engine + "'", "TSV").text();
        return text.lines().filter(l -> !l.isBlank()).toList();
    }

    private record Row(String dataset, int version, String table, String layout, int retentionDays, long createdAt, long retiredAt) {
        Row retired(long at) {
            return new Row(dataset, version, table, layout, retentionDays, createdAt, at);
        }

        Row revived() {
            return new Row(dataset, version, table, layout, retentionDays, createdAt, 0);
        }

        Row withRetention(int days) {
            return new Row(dataset, version, table, layout, days, createdAt, retiredAt);
        }
    }

    private static Row latest(List<Row> versions) {
        return versions.get(versions.size() - 1);
    }

    private Map<String, List<Row>> read() {
        String text = clickHouse.query("SELECT Dataset, Version, TableName, Layout, RetentionDays, toUnixTimestamp64Milli(CreatedAt),"
                + " toUnixTimestamp64Milli(RetiredAt) FROM " + db + ".pharos_datasets FINAL ORDER BY Dataset, Version", "TSVRaw").text();
        Map<String, List<Row>> out = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            String[] p = line.split("\t", -1);
            out.computeIfAbsent(p[0], k -> new ArrayList<>()).add(new Row(p[0], Integer.parseInt(p[1]), p[2], p[3],
                    Integer.parseInt(p[4]), Long.parseLong(p[5]), Long.parseLong(p[6])));
        }
        return out;
    }

    private void record(Row r) {
        clickHouse.execute("INSERT INTO %s.pharos_datasets (Dataset, Version, TableName, Layout, RetentionDays, CreatedAt, RetiredAt) SELECT %s, %d, %s, %s, %d, fromUnixTimestamp64Milli(%d), fromUnixTimestamp64Milli(%d)"
                .formatted(db, ExtractedColumn.quote(r.dataset), r.version, ExtractedColumn.quote(r.table), ExtractedColumn.quote(r.layout),
                        r.retentionDays, r.createdAt, r.retiredAt));
    }
}
