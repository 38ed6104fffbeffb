package dev.pharos.store.schema;

import java.util.List;

/**
 * The tables Pharos stores telemetry in, named as the OpenTelemetry Collector's ClickHouse
 * exporter names them so Grafana's ClickHouse data source, HyperDX and the exporter itself can
 * read and write them.
 *
 * @param name table name inside the Pharos database
 * @param ttlColumnExpression DateTime expression the retention is counted from
 * @param signal which retention setting applies
 */
public record OtelTable(String name, String ttlColumnExpression, Signal signal) {

    public enum Signal { LOGS, TRACES, METRICS, AUDIT }

    public static final OtelTable LOGS = new OtelTable("otel_logs", "TimestampTime", Signal.LOGS);
    public static final OtelTable TRACES = new OtelTable("otel_traces", "toDateTime(Timestamp)", Signal.TRACES);
    public static final OtelTable TRACE_ID_TS = new OtelTable("otel_traces_trace_id_ts", "Start", Signal.TRACES);
    public static final OtelTable GAUGE = new OtelTable("otel_metrics_gauge", "toDateTime(TimeUnix)", Signal.METRICS);
    public static final OtelTable SUM = new OtelTable("otel_metrics_sum", "toDateTime(TimeUnix)", Signal.METRICS);
    public static final OtelTable HISTOGRAM = new OtelTable("otel_metrics_histogram", "toDateTime(TimeUnix)", Signal.METRICS);
    public static final OtelTable EXP_HISTOGRAM = new OtelTable("otel_metrics_exponential_histogram", "toDateTime(TimeUnix)", Signal.METRICS);
    public static final OtelTable SUMMARY = new OtelTable("otel_metrics_summary", "toDateTime(TimeUnix)", Signal.METRICS);

    public static final OtelTable PROM_SAMPLES = new OtelTable("prom_samples", "toDateTime(Timestamp)", Signal.METRICS);
    public static final OtelTable PROM_SERIES = new OtelTable("prom_series", "LastSeen", Signal.METRICS);
    public static final OtelTable PROM_METADATA = new OtelTable("prom_metadata", "Updated", Signal.METRICS);
    public static final OtelTable PROM_EXEMPLARS = new OtelTable("prom_exemplars", "toDateTime(Timestamp)", Signal.METRICS);

    /** Not telemetry, but kept by the same rules: Pharos's audit log. */
    public static final OtelTable AUDIT = new OtelTable("pharos_audit", "toDateTime(Timestamp)", Signal.AUDIT);

    public static final List<OtelTable> ALL = List.of(LOGS, TRACES, TRACE_ID_TS, GAUGE, SUM, HISTOGRAM, EXP_HISTOGRAM, SUMMARY, AUDIT,
            PROM_SAMPLES, PROM_SERIES, PROM_METADATA, PROM_EXEMPLARS);

    /** Tables whose every row belongs to one tenant (a {@code Tenant} column since schema version 4). */
    public static final List<OtelTable> TENANT_SCOPED = List.of(LOGS, TRACES, TRACE_ID_TS, GAUGE, SUM, HISTOGRAM, EXP_HISTOGRAM, SUMMARY,
            PROM_SAMPLES, PROM_SERIES, PROM_METADATA, PROM_EXEMPLARS);

    public int retentionDays(Retention retention) {
        return switch (signal) {
            case LOGS -> retention.logsDays();
            case TRACES -> retention.tracesDays();
            case METRICS -> retention.metricsDays();
            case AUDIT -> retention.auditDays();
        };
    }

    /** The TTL clause for a CREATE TABLE, or an empty string when data is kept forever. */
    public String ttlClause(Retention retention) {
        int days = retentionDays(retention);
        return days == 0 ? "" : "TTL " + ttlExpression(days);
    }

    public String ttlExpression(int days) {
        return ttlColumnExpression + " + toIntervalDay(" + days + ")";
    }
}
