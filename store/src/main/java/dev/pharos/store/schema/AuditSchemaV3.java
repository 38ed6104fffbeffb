package dev.pharos.store.schema;

import java.util.List;

/**
 * Version 3: {@code pharos_audit}, one row per query a person or an agent ran through Pharos
 * (MCP tool calls first): who, through what, what ran, how much came back, how long, and the error.
 * Kept {@code retention.auditDays} (90 by default), dropped by whole day partitions.
 */
final class AuditSchemaV3 {

    private AuditSchemaV3() {}

    static Migration migration(String db, Retention retention) {
        return new Migration(3, "pharos_audit table", List.of("""
                CREATE TABLE IF NOT EXISTS %s.pharos_audit (
                    Timestamp DateTime64(3) CODEC(Delta(8), ZSTD(1)),
                    Identity LowCardinality(String) CODEC(ZSTD(1)),
                    Channel LowCardinality(String) CODEC(ZSTD(1)),
                    Action LowCardinality(String) CODEC(ZSTD(1)),
                    Arguments String CODEC(ZSTD(1)),
                    Statement String CODEC(ZSTD(1)),
                    ResultRows UInt64 CODEC(ZSTD(1)),
                    DurationMs Float64 CODEC(ZSTD(1)),
                    Error String CODEC(ZSTD(1))
                ) ENGINE = MergeTree
                PARTITION BY toDate(Timestamp)
                ORDER BY (Timestamp)
                %s
                SETTINGS ttl_only_drop_parts = 1""".formatted(db, OtelTable.AUDIT.ttlClause(retention))));
    }
}
