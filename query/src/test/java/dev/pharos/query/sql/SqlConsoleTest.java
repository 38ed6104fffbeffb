package dev.pharos.query.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pharos.query.EngineFixture;
import dev.pharos.query.QueryException;
import dev.pharos.store.ReadLimits;
import dev.pharos.store.embedded.EmbeddedClickHouse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Hostile SQL against the real engine: the guard and the engine's readonly mode together refuse all of it. */
class SqlConsoleTest {

    @TempDir
    static Path dir;
    static EmbeddedClickHouse engine;
    static SqlConsole console;

    @BeforeAll
    static void start() {
        engine = EngineFixture.open(dir.resolve("data"));
        engine.execute("INSERT INTO otel.otel_logs (Timestamp, ServiceName, Body) SELECT now64(9), 'checkout', 'hello'");
        console = new SqlConsole(engine, new ReadLimits(Duration.ofSeconds(2), 50_000_000, 10L << 30, 1000, 10 << 20, 1L << 30),
                java.util.List.of("otel.pharos_audit"));
        engine.execute("INSERT INTO otel.pharos_audit (Timestamp, Identity, Action) SELECT now64(3), 'root', 'secret action'");
    }

    @AfterAll
    static void stop() {
        engine.close();
    }

    @Test
    void readsReturnTheRequestedFormat() {
        assertThat(console.run("SELECT ServiceName, Body FROM otel.otel_logs", "TSV", false).text()).isEqualTo("checkout\thello\n");
        assertThat(console.run("SELECT count() AS n FROM otel.otel_logs;", "json", false).text()).contains("\"data\"").contains("\"n\": 1");
        assertThatThrownBy(() -> console.run("SELECT 1", "Native", false)).hasMessageContaining("unknown format");
    }

    /** These pass the guard's first-word check only when disguised; the engine must refuse them itself. */
    @ParameterizedTest
    @ValueSource(strings = {
        "SELECT 1 SETTINGS readonly = 0",
        "SELECT count() FROM system.numbers SETTINGS max_execution_time = 1000",
        "SELECT 1 SETTINGS max_result_rows = 0",
        "WITH 1 AS x SELECT * FROM url('http://127.0.0.1:9/x', 'LineAsString')",
        "SELECT * FROM format(CSV, '1,2')"})
    void theEngineRefusesWhatReadonlyModeForbids(String sql) {
        if (sql.contains("url(") || sql.contains("format(")) {
            // The guard stops these table functions first; prove the engine would too by asking it directly.
            assertThatThrownBy(() -> engine.queryReadOnly(sql, "TSV", console.limits())).hasMessageContaining("READONLY");
            return;
        }
        assertThatThrownBy(() -> console.run(sql, "TSV", false)).isInstanceOf(QueryException.class).hasMessageContaining("READONLY");
    }

    @Test
    void writesAreRefusedByTheEngineEvenPastTheGuard() {
        for (String sql : new String[] {"INSERT INTO otel.otel_logs (Body) SELECT 'x'", "DROP TABLE otel.otel_logs",
            "CREATE TABLE otel.x (a Int8) ENGINE = Memory", "SET readonly = 0", "ALTER TABLE otel.otel_logs DELETE WHERE 1"}) {
            assertThatThrownBy(() -> engine.queryReadOnly(sql, "TSV", console.limits())).as(sql).hasMessageContaining("READONLY");
        }
        assertThat(console.run("SELECT count() FROM otel.otel_logs", "TSV", false).text()).isEqualTo("1\n");
        // Readonly mode lets SYSTEM statements through in an embedded engine: only the guard stops them.
        assertThatThrownBy(() -> console.run("SYSTEM STOP MERGES", "TSV", false)).hasMessageContaining("only read queries");
    }

    @Test
    void limitsAreEnforcedByTheEngine() {
        assertThatThrownBy(() -> console.run("SELECT number FROM numbers(5000)", "TSV", false)).hasMessageContaining("TOO_MANY_ROWS_OR_BYTES");
        assertThatThrownBy(() -> console.run("SELECT count() FROM system.numbers", "TSV", false)).hasMessageContaining("TOO_MANY_ROWS");
        long start = System.nanoTime();
        assertThatThrownBy(() -> console.run("SELECT count() FROM numbers(10) WHERE sleepEachRow(0.3) = 0", "TSV", false))
                .hasMessageContaining("TIMEOUT_EXCEEDED");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
    }

    @Test
    void filesAreNeitherReadNorWritten() throws Exception {
        Path target = dir.resolve("out.tsv");
        assertThatThrownBy(() -> console.run("SELECT 1 INTO OUTFILE '" + target + "'", "TSV", false)).hasMessageContaining("OUTFILE");
        assertThat(Files.exists(target)).isFalse();
        assertThatThrownBy(() -> console.run("SELECT file('/etc/hostname')", "TSV", false)).hasMessageContaining("not allowed");
        assertThatThrownBy(() -> console.run("SELECT 1; SELECT file('/etc/hostname')", "TSV", false)).hasMessageContaining("one statement");
    }

    @Test
    void adminOnlyTablesReadEmptyForOthersWhateverTheQuery() {
        assertThat(console.run("SELECT count() FROM otel.pharos_audit", "TSV", true).text()).isEqualTo("1\n");
        for (String sql : new String[] {"SELECT count() FROM otel.pharos_audit", "SELECT count() FROM (SELECT * FROM otel.pharos_audit)",
            "SELECT count() FROM otel.otel_logs AS l LEFT JOIN otel.pharos_audit AS a ON 1 = 1 WHERE a.Action != ''",
            "SELECT count() FROM (SELECT Action FROM otel.pharos_audit UNION ALL SELECT Action FROM otel.pharos_audit)",
            "WITH x AS (SELECT * FROM otel.pharos_audit) SELECT count() FROM x", "SELECT count() FROM otel.pharos_audit AS a WHERE 1 OR 1",
            "SELECT count() FROM view(SELECT * FROM otel.pharos_audit) /* comment */"}) {
            assertThat(console.run(sql, "TSV", false).text()).as(sql).isEqualTo("0\n");
        }
        assertThatThrownBy(() -> console.run("SELECT count() FROM otel.pharos_audit SETTINGS additional_table_filters = {}", "TSV", false))
                .hasMessageContaining("READONLY");
        assertThatThrownBy(() -> console.run("SELECT * FROM merge('otel', 'pharos_audit')", "TSV", false)).hasMessageContaining("not allowed");
        assertThatThrownBy(() -> console.run("SELECT * FROM mergeTreeIndex(otel, pharos_audit)", "TSV", false)).hasMessageContaining("not allowed");
    }

    @Test
    void engineErrorsReadWell() {
        assertThatThrownBy(() -> console.run("SELECT nosuchcolumn FROM otel.otel_logs", "TSV", false))
                .hasMessageStartingWith("UNKNOWN_IDENTIFIER: ").hasMessageNotContaining("DB::Exception");
    }
}
