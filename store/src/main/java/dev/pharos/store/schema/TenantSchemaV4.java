package dev.pharos.store.schema;

import java.util.ArrayList;
import java.util.List;

/**
 * Version 4: a {@code Tenant} on every record. Ingest stamps it (from the ingest token, or a
 * configured resource attribute); reads are confined to the caller's tenants by the engine, which
 * adds {@code Tenant IN (...)} to every read of these tables ({@code additional_table_filters}).
 * Rows written before tenancy belong to the default tenant.
 *
 * <p>The trace-id lookup table keeps one row per (trace, tenant): its sorting key gains the column,
 * so a trace id sent by two tenants never merges into one row that only one of them could see. The
 * engine forbids a DEFAULT on a column added to a sorting key, so its rows from before tenancy have
 * an empty tenant, which the read filters treat as the default tenant.
 */
final class TenantSchemaV4 {

    private static final String COLUMN = "Tenant LowCardinality(String) DEFAULT 'default' CODEC(ZSTD(1))";

    private TenantSchemaV4() {}

    static Migration migration(String db) {
        List<String> statements = new ArrayList<>();
        for (OtelTable t : List.of(OtelTable.LOGS, OtelTable.TRACES, OtelTable.GAUGE, OtelTable.SUM, OtelTable.HISTOGRAM,
                OtelTable.EXP_HISTOGRAM, OtelTable.SUMMARY)) {
            statements.add("ALTER TABLE %s.%s ADD COLUMN IF NOT EXISTS %s".formatted(db, t.name(), COLUMN));
        }
        for (OtelTable t : List.of(OtelTable.LOGS, OtelTable.TRACES)) {
            statements.add("ALTER TABLE %s.%s ADD INDEX IF NOT EXISTS idx_tenant Tenant TYPE set(256) GRANULARITY 4".formatted(db, t.name()));
        }
        // Sorting key columns can only be added in the same statement as the column itself; a re-run
        // (crash before the migration was recorded) finds the column there and must not repeat it.
        statements.add("""
                ALTER TABLE %s.otel_traces_trace_id_ts ADD COLUMN IF NOT EXISTS Tenant LowCardinality(String) CODEC(ZSTD(1)),
                MODIFY ORDER BY (TraceId, Tenant)""".formatted(db));
        statements.add("DROP VIEW IF EXISTS %s.otel_traces_trace_id_ts_mv".formatted(db));
        statements.add("""
                CREATE MATERIALIZED VIEW IF NOT EXISTS %1$s.otel_traces_trace_id_ts_mv
                TO %1$s.otel_traces_trace_id_ts
                AS SELECT TraceId, Tenant, min(toDateTime(Timestamp)) AS Start, max(toDateTime(Timestamp)) AS End
                FROM %1$s.otel_traces
                WHERE TraceId != ''
                GROUP BY TraceId, Tenant
                """.formatted(db));
        statements.add("ALTER TABLE %s.pharos_audit ADD COLUMN IF NOT EXISTS Tenants String CODEC(ZSTD(1)) AFTER Identity".formatted(db));
        return new Migration(4, "Tenant column on every telemetry table", statements);
    }
}
