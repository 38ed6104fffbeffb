package dev.pharos.store.schema;

import java.util.List;

/**
 * Version 1 of the schema: the OTel exporter's tables with LogHouse practices.
 *
 * <ul>
 *   <li>Ordering keys start with what searches filter on (service, then time) so a query for one
 *       service and a time window reads a few granules.</li>
 *   <li>LowCardinality for names with few distinct values, Delta + ZSTD for timestamps and
 *       counters, ZSTD(1) elsewhere.</li>
 *   <li>Bloom filters on trace ids and on map keys/values; a token bloom filter on log bodies.</li>
 *   <li>Partition by day so retention drops whole parts ({@code ttl_only_drop_parts}).</li>
 *   <li>{@code non_replicated_deduplication_window}: a retried batch with the same insert
 *       deduplication token is not stored twice.</li>
 * </ul>
 */
final class OtelSchemaV1 {

    private static final String SETTINGS =
            "SETTINGS index_granularity = 8192, ttl_only_drop_parts = 1, non_replicated_deduplication_window = 1000";

    private OtelSchemaV1() {}

    static Migration migration(String db, Retention retention) {
        return new Migration(1, "OpenTelemetry logs, traces and metrics tables", List.of(
                "CREATE DATABASE IF NOT EXISTS " + db,
                logs(db, retention),
                traces(db, retention),
                traceIdTs(db, retention),
                traceIdTsView(db),
                metric(db, OtelTable.GAUGE, retention, """
                        Value Float64 CODEC(ZSTD(1)),
                        Flags UInt32 CODEC(ZSTD(1)),
                        """ + EXEMPLARS),
                metric(db, OtelTable.SUM, retention, """
                        Value Float64 CODEC(ZSTD(1)),
                        Flags UInt32 CODEC(ZSTD(1)),
                        """ + EXEMPLARS + """
                        ,
                        AggregationTemporality Int32 CODEC(ZSTD(1)),
                        IsMonotonic Bool CODEC(Delta, ZSTD(1))"""),
                metric(db, OtelTable.HISTOGRAM, retention, """
                        Count UInt64 CODEC(Delta, ZSTD(1)),
                        Sum Float64 CODEC(ZSTD(1)),
                        BucketCounts Array(UInt64) CODEC(ZSTD(1)),
                        ExplicitBounds Array(Float64) CODEC(ZSTD(1)),
                        """ + EXEMPLARS + """
                        ,
                        Flags UInt32 CODEC(ZSTD(1)),
                        Min Float64 CODEC(ZSTD(1)),
                        Max Float64 CODEC(ZSTD(1)),
                        AggregationTemporality Int32 CODEC(ZSTD(1))"""),
                metric(db, OtelTable.EXP_HISTOGRAM, retention, """
                        Count UInt64 CODEC(Delta, ZSTD(1)),
                        Sum Float64 CODEC(ZSTD(1)),
                        Scale Int32 CODEC(ZSTD(1)),
                        ZeroCount UInt64 CODEC(ZSTD(1)),
                        PositiveOffset Int32 CODEC(ZSTD(1)),
                        PositiveBucketCounts Array(UInt64) CODEC(ZSTD(1)),
                        NegativeOffset Int32 CODEC(ZSTD(1)),
                        NegativeBucketCounts Array(UInt64) CODEC(ZSTD(1)),
                        """ + EXEMPLARS + """
                        ,
                        Flags UInt32 CODEC(ZSTD(1)),
                        Min Float64 CODEC(ZSTD(1)),
                        Max Float64 CODEC(ZSTD(1)),
                        AggregationTemporality Int32 CODEC(ZSTD(1))"""),
                metric(db, OtelTable.SUMMARY, retention, """
                        Count UInt64 CODEC(Delta, ZSTD(1)),
                        Sum Float64 CODEC(ZSTD(1)),
                        ValueAtQuantiles Nested (
                            Quantile Float64,
                            Value Float64
                        ) CODEC(ZSTD(1)),
                        Flags UInt32 CODEC(ZSTD(1))""")));
    }

    private static final String EXEMPLARS = """
            Exemplars Nested (
                FilteredAttributes Map(LowCardinality(String), String),
                TimeUnix DateTime64(9),
                Value Float64,
                SpanId String,
                TraceId String
            ) CODEC(ZSTD(1))""";

    private static String logs(String db, Retention retention) {
        return """
                CREATE TABLE IF NOT EXISTS %s.otel_logs (
                    Timestamp DateTime64(9) CODEC(Delta(8), ZSTD(1)),
                    TimestampTime DateTime DEFAULT toDateTime(Timestamp),
                    TraceId String CODEC(ZSTD(1)),
                    SpanId String CODEC(ZSTD(1)),
                    TraceFlags UInt8,
                    SeverityText LowCardinality(String) CODEC(ZSTD(1)),
                    SeverityNumber UInt8,
                    ServiceName LowCardinality(String) CODEC(ZSTD(1)),
                    Body String CODEC(ZSTD(1)),
                    ResourceSchemaUrl LowCardinality(String) CODEC(ZSTD(1)),
                    ResourceAttributes Map(LowCardinality(String), String) CODEC(ZSTD(1)),
                    ScopeSchemaUrl LowCardinality(String) CODEC(ZSTD(1)),
                    ScopeName String CODEC(ZSTD(1)),
                    ScopeVersion LowCardinality(String) CODEC(ZSTD(1)),
                    ScopeAttributes Map(LowCardinality(String), String) CODEC(ZSTD(1)),
                    LogAttributes Map(LowCardinality(String), String) CODEC(ZSTD(1)),
                    INDEX idx_trace_id TraceId TYPE bloom_filter(0.001) GRANULARITY 1,
                    INDEX idx_res_attr_key mapKeys(ResourceAttributes) TYPE bloom_filter(0.01) GRANULARITY 1,
                    INDEX idx_res_attr_value mapValues(ResourceAttributes) TYPE bloom_filter(0.01) GRANULARITY 1,
                    INDEX idx_scope_attr_key mapKeys(ScopeAttributes) TYPE bloom_filter(0.01) GRANULARITY 1,
                    INDEX idx_scope_attr_value mapValues(ScopeAttributes) TYPE bloom_filter(0.01) GRANULARITY 1,
                    INDEX idx_log_attr_key mapKeys(LogAttributes) TYPE bloom_filter(0.01) GRANULARITY 1,
                    INDEX idx_log_attr_value mapValues(LogAttributes) TYPE bloom_filter(0.01) GRANULARITY 1,
                    INDEX idx_body Body TYPE tokenbf_v1(32768, 3, 0) GRANULARITY 8
                ) ENGINE = MergeTree
                PARTITION BY toDate(TimestampTime)
                PRIMARY KEY (ServiceName, TimestampTime)
                ORDER BY (ServiceName, TimestampTime, Timestamp)
                %s
                %s
                """.formatted(db, OtelTable.LOGS.ttlClause(retention), SETTINGS);
    }

    private static String traces(String db, Retention retention) {
        return """
                CREATE TABLE IF NOT EXISTS %s.otel_traces (
                    Timestamp DateTime64(9) CODEC(Delta(8), ZSTD(1)),
                    TraceId String CODEC(ZSTD(1)),
                    SpanId String CODEC(ZSTD(1)),
                    ParentSpanId String CODEC(ZSTD(1)),
                    TraceState String CODEC(ZSTD(1)),
                    SpanName LowCardinality(String) CODEC(ZSTD(1)),
                    SpanKind LowCardinality(String) CODEC(ZSTD(1)),
                    ServiceName LowCardinality(String) CODEC(ZSTD(1)),
                    ResourceAttributes Map(LowCardinality(String), String) CODEC(ZSTD(1)),
                    ScopeName String CODEC(ZSTD(1)),
                    ScopeVersion String CODEC(ZSTD(1)),
                    SpanAttributes Map(LowCardinality(String), String) CODEC(ZSTD(1)),
                    Duration UInt64 CODEC(T64, ZSTD(1)),
                    StatusCode LowCardinality(String) CODEC(ZSTD(1)),
                    StatusMessage String CODEC(ZSTD(1)),
                    Events Nested (
                        Timestamp DateTime64(9),
                        Name LowCardinality(String),
                        Attributes Map(LowCardinality(String), String)
                    ) CODEC(ZSTD(1)),
                    Links Nested (
                        TraceId String,
                        SpanId String,
                        TraceState String,
                        Attributes Map(LowCardinality(String), String)
                    ) CODEC(ZSTD(1)),
                    INDEX idx_trace_id TraceId TYPE bloom_filter(0.001) GRANULARITY 1,
                    INDEX idx_res_attr_key mapKeys(ResourceAttributes) TYPE bloom_filter(0.01) GRANULARITY 1,
                    INDEX idx_res_attr_value mapValues(ResourceAttributes) TYPE bloom_filter(0.01) GRANULARITY 1,
                    INDEX idx_span_attr_key mapKeys(SpanAttributes) TYPE bloom_filter(0.01) GRANULARITY 1,
                    INDEX idx_span_attr_value mapValues(SpanAttributes) TYPE bloom_filter(0.01) GRANULARITY 1,
                    INDEX idx_duration Duration TYPE minmax GRANULARITY 1
                ) ENGINE = MergeTree
                PARTITION BY toDate(Timestamp)
                PRIMARY KEY (ServiceName, SpanName, toDateTime(Timestamp))
                ORDER BY (ServiceName, SpanName, toDateTime(Timestamp), Timestamp)
                %s
                %s
                """.formatted(db, OtelTable.TRACES.ttlClause(retention), SETTINGS);
    }

    /** Trace id -> time range, so a lookup by trace id only opens the partitions of that trace. */
    private static String traceIdTs(String db, Retention retention) {
        return """
                CREATE TABLE IF NOT EXISTS %s.otel_traces_trace_id_ts (
                    TraceId String CODEC(ZSTD(1)),
                    Start SimpleAggregateFunction(min, DateTime) CODEC(ZSTD(1)),
                    End SimpleAggregateFunction(max, DateTime) CODEC(ZSTD(1))
                ) ENGINE = AggregatingMergeTree
                PARTITION BY toStartOfWeek(Start)
                ORDER BY (TraceId)
                %s
                %s
                """.formatted(db, OtelTable.TRACE_ID_TS.ttlClause(retention), SETTINGS);
    }

    private static String traceIdTsView(String db) {
        return """
                CREATE MATERIALIZED VIEW IF NOT EXISTS %1$s.otel_traces_trace_id_ts_mv
                TO %1$s.otel_traces_trace_id_ts
                AS SELECT TraceId, min(toDateTime(Timestamp)) AS Start, max(toDateTime(Timestamp)) AS End
                FROM %1$s.otel_traces
                WHERE TraceId != ''
                GROUP BY TraceId
                """.formatted(db);
    }

    private static String metric(String db, OtelTable table, Retention retention, String valueColumns) {
        return """
                CREATE TABLE IF NOT EXISTS %s.%s (
                    ResourceAttributes Map(LowCardinality(String), String) CODEC(ZSTD(1)),
                    ResourceSchemaUrl String CODEC(ZSTD(1)),
                    ScopeName String CODEC(ZSTD(1)),
                    ScopeVersion String CODEC(ZSTD(1)),
                    ScopeAttributes Map(LowCardinality(String), String) CODEC(ZSTD(1)),
                    ScopeDroppedAttrCount UInt32 CODEC(ZSTD(1)),
                    ScopeSchemaUrl String CODEC(ZSTD(1)),
                    ServiceName LowCardinality(String) CODEC(ZSTD(1)),
                    MetricName LowCardinality(String) CODEC(ZSTD(1)),
                    MetricDescription String CODEC(ZSTD(1)),
                    MetricUnit String CODEC(ZSTD(1)),
                    Attributes Map(LowCardinality(String), String) CODEC(ZSTD(1)),
                    StartTimeUnix DateTime64(9) CODEC(Delta, ZSTD(1)),
                    TimeUnix DateTime64(9) CODEC(Delta, ZSTD(1)),
                    %s,
                    INDEX idx_res_attr_key mapKeys(ResourceAttributes) TYPE bloom_filter(0.01) GRANULARITY 1,
                    INDEX idx_res_attr_value mapValues(ResourceAttributes) TYPE bloom_filter(0.01) GRANULARITY 1,
                    INDEX idx_scope_attr_key mapKeys(ScopeAttributes) TYPE bloom_filter(0.01) GRANULARITY 1,
                    INDEX idx_scope_attr_value mapValues(ScopeAttributes) TYPE bloom_filter(0.01) GRANULARITY 1,
                    INDEX idx_attr_key mapKeys(Attributes) TYPE bloom_filter(0.01) GRANULARITY 1,
                    INDEX idx_attr_value mapValues(Attributes) TYPE bloom_filter(0.01) GRANULARITY 1
                ) ENGINE = MergeTree
                PARTITION BY toDate(TimeUnix)
                ORDER BY (ServiceName, MetricName, Attributes, toUnixTimestamp64Nano(TimeUnix))
                %s
                %s
                """.formatted(db, table.name(), valueColumns.strip(), table.ttlClause(retention), SETTINGS);
    }
}
