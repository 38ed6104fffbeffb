package dev.pharos.store.dataset;

import java.util.List;
import java.util.Set;

/**
 * The columns every log table has: {@code otel_logs} as migrations 1, 2 and 4 left it. Dataset
 * tables start from these, so the read surface over all of them ({@code otel_logs_all}) can
 * answer any search on any of them. The migrations keep their own frozen copy of history; this
 * is the current shape, and a future change to the base columns must change both.
 */
public final class LogColumns {

    /** Name, type, and what follows the type in a MergeTree table (DEFAULT, CODEC). */
    private record Column(String name, String type, String storage) {}

    private static final List<Column> COLUMNS = List.of(
            new Column("Timestamp", "DateTime64(9)", "CODEC(Delta(8), ZSTD(1))"),
            new Column("TimestampTime", "DateTime", "DEFAULT toDateTime(Timestamp)"),
            new Column("TraceId", "String", "CODEC(ZSTD(1))"),
            new Column("SpanId", "String", "CODEC(ZSTD(1))"),
            new Column("TraceFlags", "UInt8", ""),
            new Column("SeverityText", "LowCardinality(String)", "CODEC(ZSTD(1))"),
            new Column("SeverityNumber", "UInt8", ""),
            new Column("ServiceName", "LowCardinality(String)", "CODEC(ZSTD(1))"),
            new Column("Body", "String", "CODEC(ZSTD(1))"),
            new Column("ResourceSchemaUrl", "LowCardinality(String)", "CODEC(ZSTD(1))"),
            new Column("ResourceAttributes", "Map(LowCardinality(String), String)", "CODEC(ZSTD(1))"),
            new Column("ScopeSchemaUrl", "LowCardinality(String)", "CODEC(ZSTD(1))"),
            new Column("ScopeName", "String", "CODEC(ZSTD(1))"),
            new Column("ScopeVersion", "LowCardinality(String)", "CODEC(ZSTD(1))"),
            new Column("ScopeAttributes", "Map(LowCardinality(String), String)", "CODEC(ZSTD(1))"),
            new Column("LogAttributes", "Map(LowCardinality(String), String)", "CODEC(ZSTD(1))"),
            new Column("EventName", "LowCardinality(String)", "CODEC(ZSTD(1))"),
            new Column("Tenant", "LowCardinality(String)", "DEFAULT 'default' CODEC(ZSTD(1))"));

    /** The columns as a MergeTree table declares them. */
    static final String DDL = String.join(",\n", COLUMNS.stream().map(c -> (c.name() + " " + c.type() + " " + c.storage()).strip()).toList());

    /** The columns as a Merge table declares them: a Merge table stores nothing, so no codecs and no defaults. */
    static final String PLAIN = String.join(",\n", COLUMNS.stream().map(c -> c.name() + " " + c.type()).toList());

    /** The indexes of {@code otel_logs}, which dataset tables also get (searches rely on them). */
    static final String INDEXES = """
            INDEX idx_trace_id TraceId TYPE bloom_filter(0.001) GRANULARITY 1,
            INDEX idx_res_attr_key mapKeys(ResourceAttributes) TYPE bloom_filter(0.01) GRANULARITY 1,
            INDEX idx_res_attr_value mapValues(ResourceAttributes) TYPE bloom_filter(0.01) GRANULARITY 1,
            INDEX idx_log_attr_key mapKeys(LogAttributes) TYPE bloom_filter(0.01) GRANULARITY 1,
            INDEX idx_log_attr_value mapValues(LogAttributes) TYPE bloom_filter(0.01) GRANULARITY 1,
            INDEX idx_body Body TYPE tokenbf_v1(32768, 3, 0) GRANULARITY 8,
            INDEX idx_tenant Tenant TYPE set(256) GRANULARITY 4""";

    public static final Set<String> NAMES = COLUMNS.stream().map(Column::name).collect(java.util.stream.Collectors.toUnmodifiableSet());

    /** What the materialized views copy from the ingest table; TimestampTime is recomputed by each table's DEFAULT. */
    static final List<String> COPIED = List.of("Timestamp", "TraceId", "SpanId", "TraceFlags", "SeverityText", "SeverityNumber",
            "ServiceName", "Body", "ResourceSchemaUrl", "ResourceAttributes", "ScopeSchemaUrl", "ScopeName", "ScopeVersion",
            "ScopeAttributes", "LogAttributes", "EventName", "Tenant");

    private LogColumns() {}
}
