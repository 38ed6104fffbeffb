package dev.pharos.store.schema;

import dev.pharos.store.ClickHouse;
import dev.pharos.store.ClickHouseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings the Pharos database to the current schema at start-up: applies the migrations not yet
 * recorded in {@code pharos_schema_migrations}, then aligns each table's TTL with the configured
 * retention (recorded in {@code pharos_retention}, so an unchanged config costs no ALTER).
 */
public final class SchemaMigrator {

    private static final int DUPLICATE_COLUMN = 15;

    private static final Logger log = LoggerFactory.getLogger(SchemaMigrator.class);
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private final ClickHouse clickHouse;
    private final String database;
    private final Retention retention;

    public SchemaMigrator(ClickHouse clickHouse, String database, Retention retention) {
        if (!IDENTIFIER.matcher(database).matches()) {
            throw new IllegalArgumentException("database name must be a plain identifier, got: " + database);
        }
        this.clickHouse = clickHouse;
        this.database = database;
        this.retention = retention;
    }

    /** Every migration in order; append new ones, never edit released ones. */
    public List<Migration> migrations() {
        return List.of(OtelSchemaV1.migration(database, retention), OtelSchemaV2.migration(database), AuditSchemaV3.migration(database, retention),
                TenantSchemaV4.migration(database), PromSchemaV5.migration(database, retention),
                DatasetSchemaV6.migration(database), PromDecimalValuesV7.migration(database));
    }

    /** The outcome of a start-up migration run. */
    public record Report(List<Integer> applied, int currentVersion, List<String> retentionChanges) {}

    public Report migrate() {
        clickHouse.execute("CREATE DATABASE IF NOT EXISTS " + database);
        clickHouse.execute("""
                CREATE TABLE IF NOT EXISTS %s.pharos_schema_migrations (
                    Version UInt32,
                    Description String,
                    AppliedAt DateTime64(3) DEFAULT now64(3)
                ) ENGINE = MergeTree ORDER BY Version
                """.formatted(database));
        Set<Integer> done = appliedVersions();
        List<Integer> applied = new ArrayList<>();
        int current = 0;
        for (Migration m : migrations()) {
            current = Math.max(current, m.version());
            if (done.contains(m.version())) {
                continue;
            }
            log.info("applying schema migration {}: {}", m.version(), m.description());
            for (String statement : m.statements()) {
                apply(clickHouse, statement);
            }
            clickHouse.execute("INSERT INTO %s.pharos_schema_migrations (Version, Description) SELECT %d, '%s'"
                    .formatted(database, m.version(), m.description().replace("\\", "\\\\").replace("'", "\\'")));
            applied.add(m.version());
        }
        List<String> changes = reconcileRetention();
        return new Report(applied, current, changes);
    }

    public Set<Integer> appliedVersions() {
        String text = clickHouse.query("SELECT Version FROM %s.pharos_schema_migrations".formatted(database), "TSV").text();
        Set<Integer> versions = new HashSet<>();
        for (String line : text.split("\n")) {
            if (!line.isBlank()) {
                versions.add(Integer.parseInt(line.strip()));
            }
        }
        return versions;
    }

    private List<String> reconcileRetention() {
        clickHouse.execute("""
                CREATE TABLE IF NOT EXISTS %s.pharos_retention (
                    Table String,
                    Days UInt32,
                    AppliedAt DateTime64(3) DEFAULT now64(3)
                ) ENGINE = ReplacingMergeTree(AppliedAt) ORDER BY Table
                """.formatted(database));
        Map<String, Integer> recorded = new HashMap<>();
        String text = clickHouse.query("SELECT Table, Days FROM %s.pharos_retention FINAL".formatted(database), "TSV").text();
        for (String line : text.split("\n")) {
            if (!line.isBlank()) {
                String[] parts = line.split("\t");
                recorded.put(parts[0], Integer.parseInt(parts[1]));
            }
        }
        List<String> changes = new ArrayList<>();
        for (OtelTable table : OtelTable.ALL) {
            int wanted = table.retentionDays(retention);
            Integer had = recorded.get(table.name());
            if (had != null && had == wanted) {
                continue;
            }
            // A fresh table was created with the wanted TTL already; only a changed config needs an ALTER.
            if (had != null) {
                String fq = database + "." + table.name();
                clickHouse.execute(wanted == 0
                        ? "ALTER TABLE " + fq + " REMOVE TTL"
                        : "ALTER TABLE " + fq + " MODIFY TTL " + table.ttlExpression(wanted));
                changes.add(table.name() + ": " + had + " -> " + wanted + " days");
                log.info("retention of {} changed from {} to {} days", table.name(), had, wanted);
            }
            clickHouse.execute("INSERT INTO %s.pharos_retention (Table, Days) SELECT '%s', %d".formatted(database, table.name(), wanted));
        }
        return changes;
    }

    /**
     * Runs one migration statement. A column rename has no "unless done": re-run after a crash that
     * came before the migration's record, it finds its target there (DUPLICATE_COLUMN), which means
     * it is done.
     */
    static void apply(ClickHouse clickHouse, String statement) {
        try {
            clickHouse.execute(statement);
        } catch (ClickHouseException e) {
            if (!(e.code() == DUPLICATE_COLUMN && statement.contains(" RENAME COLUMN "))) {
                throw e;
            }
        }
    }
}
