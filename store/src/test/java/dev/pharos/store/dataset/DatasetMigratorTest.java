package dev.pharos.store.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pharos.store.embedded.EmbeddedClickHouse;
import dev.pharos.store.embedded.EngineOptions;
import dev.pharos.store.schema.Retention;
import dev.pharos.store.schema.SchemaMigrator;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Datasets applied to the real engine across restarts: versions, retention, removal, the views' extraction. */
class DatasetMigratorTest {

    @TempDir
    static Path dir;
    static EmbeddedClickHouse engine;

    @BeforeAll
    static void open() {
        engine = EmbeddedClickHouse.open(new EngineOptions(dir, 1L << 30, 1, "warning"));
        new SchemaMigrator(engine, "otel", Retention.DEFAULT).migrate();
    }

    @AfterAll
    static void close() {
        engine.close();
    }

    private static String sql(String q) {
        return engine.query(q, "TSV").text();
    }

    private static DatasetShape web(List<ExtractedColumn> columns, int days) {
        return new DatasetShape("web", columns, List.of(), List.of(), days);
    }

    @Test
    void versionsRetentionAndRemoval() {
        DatasetMigrator m = new DatasetMigrator(engine, "otel");
        List<ExtractedColumn> v1 = List.of(new ExtractedColumn("status", "UInt16", "attr.http.status"),
                new ExtractedColumn("took", "Float64", "body.took_ms"), new ExtractedColumn("at", "DateTime64(3)", "body.at"));
        DatasetMigrator.Report first = m.apply(List.of(web(v1, 14)), 30);
        assertThat(first.changes()).containsExactly("dataset web: created logs_web_v1");
        engine.execute("""
                INSERT INTO otel.otel_logs_ingest (Timestamp, ServiceName, Body, LogAttributes, Dataset) SELECT * FROM values(
                (now64(9), 'web', '{"took_ms": 12.5, "at": "2026-11-29 01:02:03.250"}', map('http.status', '503'), 'web'),
                (now64(9), 'web', 'not json', map('http.status', 'oops'), 'web'),
                (now64(9), 'other', 'x', map(), 'default'))""");
        // Bad values give the type's default instead of failing the insert.
        assertThat(sql("SELECT status, took, toString(at) FROM otel.logs_web_v1 ORDER BY status"))
                .isEqualTo("0\t0\t1970-01-01 00:00:00.000\n503\t12.5\t2026-11-29 01:02:03.250\n");
        assertThat(sql("SELECT ServiceName FROM otel.otel_logs")).isEqualTo("other\n");
        assertThat(sql("SELECT create_table_query FROM system.tables WHERE database = 'otel' AND name = 'logs_web_v1'"))
                .contains("TTL TimestampTime + toIntervalDay(14)");

        // Same layout again: nothing to do. Retention only: altered in place.
        assertThat(m.apply(List.of(web(v1, 14)), 30).changes()).isEmpty();
        assertThat(m.apply(List.of(web(v1, 60)), 30).changes()).containsExactly("dataset web: logs_web_v1 retention 14 -> 60 days");
        assertThat(sql("SELECT create_table_query FROM system.tables WHERE database = 'otel' AND name = 'logs_web_v1'"))
                .contains("toIntervalDay(60)");

        // A new column: a new version; the dataset's Merge table spans both.
        List<ExtractedColumn> v2 = List.of(new ExtractedColumn("status", "UInt16", "attr.http.status"), new ExtractedColumn("route", "String", "attr.route"));
        DatasetMigrator.Report second = m.apply(List.of(web(v2, 60)), 30);
        assertThat(second.changes()).singleElement().asString().contains("new table logs_web_v2");
        engine.execute("INSERT INTO otel.otel_logs_ingest (Timestamp, ServiceName, Body, LogAttributes, Dataset)"
                + " SELECT now64(9), 'web', 'b', map('http.status', '200', 'route', '/a'), 'web'");
        assertThat(sql("SELECT _table, status, route FROM otel.logs_web ORDER BY status"))
                .isEqualTo("logs_web_v1\t0\t\nlogs_web_v2\t200\t/a\nlogs_web_v1\t503\t\n");
        assertThat(sql("SELECT count() FROM otel.otel_logs_all")).isEqualTo("4\n");
        LogTables tables = second.tables();
        assertThat(tables.tablesOf("web")).containsExactly("logs_web_v1", "logs_web_v2");
        assertThat(tables.tenantTables()).contains("otel_logs_all", "logs_web", "logs_web_v1", "logs_web_v2", "otel_logs");

        // Removed from the config: its rows go to the default dataset, its tables stay.
        DatasetMigrator.Report removed = m.apply(List.of(), 30);
        assertThat(removed.changes()).singleElement().asString().contains("no longer configured");
        assertThat(sql("SELECT count() FROM system.tables WHERE database = 'otel' AND name = 'logs_web_mv'")).isEqualTo("0\n");
        assertThat(sql("SELECT count() FROM otel.logs_web")).isEqualTo("3\n");
        assertThat(removed.tables().versions()).filteredOn(v -> v.dataset().equals("web")).noneMatch(DatasetVersion::current);
    }

    @Test
    void shapesRefuseWhatTheEngineWouldRejectOrMisread() {
        assertThatThrownBy(() -> new ExtractedColumn("Body", "String", "attr.x")).hasMessageContaining("base log columns");
        assertThatThrownBy(() -> new ExtractedColumn("x; DROP", "String", "attr.x")).hasMessageContaining("plain identifier");
        assertThatThrownBy(() -> new ExtractedColumn("x", "String", "body.")).hasMessageContaining("unknown source");
        assertThatThrownBy(() -> new DatasetShape("Web", List.of(), List.of(), List.of(), 1)).hasMessageContaining("lower-case");
        assertThatThrownBy(() -> new DatasetShape("web_v2", List.of(), List.of(), List.of(), 1)).hasMessageContaining("_v<number>");
        assertThatThrownBy(() -> new DatasetShape("web", List.of(), List.of("ServiceName"), List.of(), 1)).hasMessageContaining("TimestampTime");
        assertThatThrownBy(() -> new DatasetShape("web", List.of(), List.of("LogAttributes", "TimestampTime"), List.of(), 1))
                .hasMessageContaining("map column");
        assertThatThrownBy(() -> new TableIndex("i", "x", "bloom_filter(0.01) GRANULARITY 1; DROP TABLE t", 1)).hasMessageContaining("unsupported type");
        assertThatThrownBy(() -> new DatasetShape("web", List.of(), List.of(), List.of(new TableIndex("i", "nope", "minmax", 1)), 1))
                .hasMessageContaining("unknown column nope");
    }
}
