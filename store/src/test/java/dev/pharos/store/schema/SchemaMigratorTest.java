package dev.pharos.store.schema;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pharos.store.batch.PromBatches;
import dev.pharos.store.embedded.EmbeddedClickHouse;
import dev.pharos.store.embedded.EngineOptions;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SchemaMigratorTest {

    @TempDir
    static Path dataDir;

    static EmbeddedClickHouse engine;

    @BeforeAll
    static void open() {
        engine = EmbeddedClickHouse.open(new EngineOptions(dataDir, 1L << 30, 1, "warning"));
    }

    @AfterAll
    static void close() {
        engine.close();
    }

    private String sql(String query) {
        return engine.query(query, "TSV").text();
    }

    @Test
    void createsEveryOtelTableOnceAndRecordsTheVersionThenFollowsRetentionChanges() {
        SchemaMigrator.Report first = new SchemaMigrator(engine, "otel", Retention.DEFAULT).migrate();
        assertThat(first.applied()).containsExactly(1, 2, 3, 4, 5, 6, 7);
        assertThat(first.retentionChanges()).isEmpty();

        assertThat(sql("SELECT name FROM system.tables WHERE database = 'otel' AND name LIKE 'otel_%' ORDER BY name"))
                .isEqualTo(String.join("\n",
                        "otel_logs", "otel_logs_all", "otel_logs_default_mv", "otel_logs_ingest", "otel_metrics_exponential_histogram", "otel_metrics_gauge", "otel_metrics_histogram",
                        "otel_metrics_sum", "otel_metrics_summary", "otel_traces", "otel_traces_trace_id_ts",
                        "otel_traces_trace_id_ts_mv") + "\n");
        // Exporter-compatible column names and types that Grafana's ClickHouse plugin relies on.
        assertThat(sql("SELECT name, type FROM system.columns WHERE database = 'otel' AND table = 'otel_logs' "
                + "AND name IN ('Timestamp', 'TimestampTime', 'ServiceName', 'Body', 'LogAttributes', 'EventName') ORDER BY name"))
                .isEqualTo("""
                        Body\tString
                        EventName\tLowCardinality(String)
                        LogAttributes\tMap(LowCardinality(String), String)
                        ServiceName\tLowCardinality(String)
                        Timestamp\tDateTime64(9)
                        TimestampTime\tDateTime
                        """);
        assertThat(sql("SELECT sorting_key, partition_key FROM system.tables WHERE database = 'otel' AND name = 'otel_logs'"))
                .isEqualTo("ServiceName, TimestampTime, Timestamp\ttoDate(TimestampTime)\n");
        assertThat(sql("SELECT create_table_query FROM system.tables WHERE database = 'otel' AND name = 'otel_logs'"))
                .contains("TTL TimestampTime + toIntervalDay(30)")
                .contains("ttl_only_drop_parts = 1")
                .contains("TYPE tokenbf_v1");

        // A second start applies nothing.
        SchemaMigrator.Report second = new SchemaMigrator(engine, "otel", Retention.DEFAULT).migrate();
        assertThat(second.applied()).isEmpty();
        assertThat(second.currentVersion()).isEqualTo(7);
        assertThat(sql("SELECT count() FROM otel.pharos_schema_migrations")).isEqualTo("7\n");
        // Every statement is safe to run again (a crash between a migration and its record re-runs it).
        for (Migration m : new SchemaMigrator(engine, "otel", Retention.DEFAULT).migrations()) {
            m.statements().forEach(statement -> SchemaMigrator.apply(engine, statement));
        }
        assertThat(sql("SELECT count() FROM system.columns WHERE database = 'otel' AND name = 'Tenant'")).isEqualTo("16\n"); // 12 tables, the trace-id view, the logs ingest and search tables, the default dataset view

        // Retention changed in config: TTLs follow, and keep-forever removes the TTL.
        SchemaMigrator.Report third = new SchemaMigrator(engine, "otel", new Retention(7, 0, 90)).migrate();
        assertThat(third.retentionChanges()).containsExactlyInAnyOrder(
                "otel_logs: 30 -> 7 days", "otel_traces: 30 -> 0 days", "otel_traces_trace_id_ts: 30 -> 0 days");
        assertThat(sql("SELECT create_table_query FROM system.tables WHERE database = 'otel' AND name = 'otel_logs'"))
                .contains("TTL TimestampTime + toIntervalDay(7)");
        assertThat(sql("SELECT create_table_query FROM system.tables WHERE database = 'otel' AND name = 'otel_traces'"))
                .doesNotContain("TTL ");

        // The audit log follows its own setting.
        assertThat(sql("SELECT create_table_query FROM system.tables WHERE database = 'otel' AND name = 'pharos_audit'"))
                .contains("toIntervalDay(90)");
        assertThat(new SchemaMigrator(engine, "otel", new Retention(7, 0, 90, 400)).migrate().retentionChanges())
                .containsExactly("pharos_audit: 90 -> 400 days");
        assertThat(sql("SELECT create_table_query FROM system.tables WHERE database = 'otel' AND name = 'pharos_audit'"))
                .contains("toIntervalDay(400)");
    }

    @Test
    void promSamplesWrittenBeforeDecimalValuesReadTheSameAfterTheUpgrade() {
        new SchemaMigrator(engine, "promdb", Retention.DEFAULT).migrate();
        // A version 6 installation: prom_samples with its raw Value column only, holding samples.
        engine.execute("ALTER TABLE promdb.prom_samples DROP COLUMN Value, DROP COLUMN ValueScale, DROP COLUMN ValueMantissa");
        engine.execute("ALTER TABLE promdb.prom_samples RENAME COLUMN ValueFloat TO Value");
        engine.execute("ALTER TABLE promdb.pharos_schema_migrations DELETE WHERE Version = 7 SETTINGS mutations_sync = 1");
        engine.execute("INSERT INTO promdb.prom_samples (MetricName, Fingerprint, Timestamp, Value) SELECT * FROM values("
                + "('up', 1, '2026-11-20 10:00:00', 1), ('up', 1, '2026-11-20 10:00:15', 0.1), ('up', 1, '2026-11-20 10:00:30', -0.0))");

        assertThat(new SchemaMigrator(engine, "promdb", Retention.DEFAULT).migrate().applied()).containsExactly(7);
        // A crash after the change but before its record re-runs the migration: it must go through.
        engine.execute("ALTER TABLE promdb.pharos_schema_migrations DELETE WHERE Version = 7 SETTINGS mutations_sync = 1");
        assertThat(new SchemaMigrator(engine, "promdb", Retention.DEFAULT).migrate().applied()).containsExactly(7);

        PromBatches.Samples samples = new PromBatches.Samples();
        double[] values = {1, 0.1, -0.0, 12_345_678_901.0, 0.512, 1.0 / 3, Double.NaN, Double.longBitsToDouble(0x7ff0000000000002L),
                Double.POSITIVE_INFINITY, 1e300, 0x1p53 + 2, 1e-20, -42.125};
        for (int i = 0; i < values.length; i++) {
            samples.tenant.add("default");
            samples.metricName.add("up");
            samples.fingerprint.add(2);
            samples.timestamp.add(1_795_000_000_000L + i * 15_000L);
            samples.addValue(Double.doubleToRawLongBits(values[i]));
        }
        engine.insert("promdb.prom_samples", samples.block(), null);

        assertThat(sql("SELECT hex(reinterpretAsString(Value)) FROM promdb.prom_samples WHERE Fingerprint = 1 ORDER BY Timestamp"))
                .isEqualTo(hexBits(1, 0.1, -0.0));
        assertThat(sql("SELECT hex(reinterpretAsString(Value)) FROM promdb.prom_samples WHERE Fingerprint = 2 ORDER BY Timestamp"))
                .isEqualTo(hexBits(values));
        // Decimal where exact: counters and short gauges leave ValueFloat empty, the rest stay raw.
        assertThat(sql("SELECT groupArray(ValueScale) FROM (SELECT ValueScale FROM promdb.prom_samples WHERE Fingerprint = 2 ORDER BY Timestamp)"))
                .isEqualTo("[0,3,-1,0,3,-1,-1,-1,-1,-1,-1,-1,3]\n");
    }

    /** What ClickHouse's hex(reinterpretAsString(x)) prints for each double: its little-endian bytes. */
    private static String hexBits(double... values) {
        StringBuilder out = new StringBuilder();
        for (double v : values) {
            out.append(String.format("%016X", Long.reverseBytes(Double.doubleToRawLongBits(v)))).append('\n');
        }
        return out.toString();
    }

    @Test
    void traceLookupTableIsFilledByItsMaterializedView() {
        new SchemaMigrator(engine, "tracedb", Retention.DEFAULT).migrate();
        engine.execute("INSERT INTO tracedb.otel_traces (Timestamp, TraceId, SpanId, ServiceName, SpanName, Duration) SELECT * FROM values("
                + "('2026-11-20 10:00:00.000000001', 'abc', 's1', 'api', 'GET /', 5), "
                + "('2026-11-20 10:00:07.5', 'abc', 's2', 'db', 'SELECT', 3))");
        assertThat(sql("SELECT TraceId, min(Start), max(End) FROM tracedb.otel_traces_trace_id_ts WHERE TraceId = 'abc' GROUP BY TraceId"))
                .isEqualTo("abc\t2026-11-20 10:00:00\t2026-11-20 10:00:07\n");
        // One row per (trace, tenant), even after merges: a tenant never loses its lookup row to another's.
        engine.execute("INSERT INTO tracedb.otel_traces (Timestamp, TraceId, SpanId, ServiceName, SpanName, Duration, Tenant) "
                + "SELECT '2026-11-21 10:00:00', 'abc', 's3', 'api', 'GET /', 5, 'acme'");
        engine.execute("OPTIMIZE TABLE tracedb.otel_traces_trace_id_ts FINAL");
        assertThat(sql("SELECT Tenant, Start FROM tracedb.otel_traces_trace_id_ts WHERE TraceId = 'abc' ORDER BY Tenant"))
                .isEqualTo("acme\t2026-11-21 10:00:00\ndefault\t2026-11-20 10:00:00\n");
    }
}
