package dev.pharos.store.schema;

import java.util.List;

/**
 * Version 5: Prometheus series and samples, laid out for PromQL.
 *
 * <ul>
 *   <li>{@code prom_samples}: one row per sample, ordered by (tenant, metric, series fingerprint,
 *       time), so a selector reads each series' samples contiguously and in time order. Timestamps
 *       are regular (scrape intervals) and compress to almost nothing with DoubleDelta. Values: plain
 *       ZSTD(3) over a series' consecutive floats measured half the size of Gorilla + ZSTD on
 *       counters and 3-decimal gauges (Gorilla's XOR windows break ZSTD's matches). The key columns
 *       repeat for thousands of rows and cost a few bits per row. ReplacingMergeTree: a remote-write retry resends samples already
 *       stored, merges keep one copy (queries drop duplicates read before a merge).</li>
 *   <li>{@code prom_series}: one row per series (labels as a map, without {@code __name__}) with
 *       the first and last time it was written, so label and series lookups read a small table
 *       and not the samples.</li>
 *   <li>{@code prom_metadata}: type, help and unit per metric family, from remote write.</li>
 *   <li>{@code prom_exemplars}: exemplars with their labels (trace ids).</li>
 * </ul>
 */
final class PromSchemaV5 {

    private static final String SETTINGS =
            "SETTINGS index_granularity = 8192, ttl_only_drop_parts = 1, non_replicated_deduplication_window = 1000";

    private PromSchemaV5() {}

    static Migration migration(String db, Retention retention) {
        return new Migration(5, "Prometheus series, samples, metadata and exemplars", List.of("""
                CREATE TABLE IF NOT EXISTS %s.prom_samples (
                    Tenant LowCardinality(String) CODEC(ZSTD(1)),
                    MetricName LowCardinality(String) CODEC(ZSTD(1)),
                    Fingerprint UInt64 CODEC(ZSTD(1)),
                    Timestamp DateTime64(3) CODEC(DoubleDelta, ZSTD(1)),
                    Value Float64 CODEC(ZSTD(3))
                ) ENGINE = ReplacingMergeTree
                PARTITION BY toDate(Timestamp)
                ORDER BY (Tenant, MetricName, Fingerprint, Timestamp)
                %s
                %s""".formatted(db, OtelTable.PROM_SAMPLES.ttlClause(retention), SETTINGS), """
                CREATE TABLE IF NOT EXISTS %s.prom_series (
                    Tenant LowCardinality(String) CODEC(ZSTD(1)),
                    MetricName LowCardinality(String) CODEC(ZSTD(1)),
                    Fingerprint UInt64 CODEC(ZSTD(1)),
                    Labels Map(LowCardinality(String), String) CODEC(ZSTD(1)),
                    FirstSeen SimpleAggregateFunction(min, DateTime) CODEC(ZSTD(1)),
                    LastSeen SimpleAggregateFunction(max, DateTime) CODEC(ZSTD(1))
                ) ENGINE = AggregatingMergeTree
                ORDER BY (Tenant, MetricName, Fingerprint)
                %s""".formatted(db, OtelTable.PROM_SERIES.ttlClause(retention)), """
                CREATE TABLE IF NOT EXISTS %s.prom_metadata (
                    Tenant LowCardinality(String) CODEC(ZSTD(1)),
                    MetricFamily LowCardinality(String) CODEC(ZSTD(1)),
                    Type LowCardinality(String) CODEC(ZSTD(1)),
                    Help String CODEC(ZSTD(1)),
                    Unit LowCardinality(String) CODEC(ZSTD(1)),
                    Updated DateTime CODEC(ZSTD(1))
                ) ENGINE = ReplacingMergeTree(Updated)
                ORDER BY (Tenant, MetricFamily)
                %s""".formatted(db, OtelTable.PROM_METADATA.ttlClause(retention)), """
                CREATE TABLE IF NOT EXISTS %s.prom_exemplars (
                    Tenant LowCardinality(String) CODEC(ZSTD(1)),
                    MetricName LowCardinality(String) CODEC(ZSTD(1)),
                    Fingerprint UInt64 CODEC(ZSTD(1)),
                    Timestamp DateTime64(3) CODEC(Delta(8), ZSTD(1)),
                    Value Float64 CODEC(ZSTD(1)),
                    Labels Map(LowCardinality(String), String) CODEC(ZSTD(1))
                ) ENGINE = MergeTree
                PARTITION BY toDate(Timestamp)
                ORDER BY (Tenant, MetricName, Fingerprint, Timestamp)
                %s
                %s""".formatted(db, OtelTable.PROM_EXEMPLARS.ttlClause(retention), SETTINGS)));
    }
}
