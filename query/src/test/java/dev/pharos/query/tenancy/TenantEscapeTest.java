package dev.pharos.query.tenancy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pharos.access.Tenants;
import dev.pharos.query.EngineFixture;
import dev.pharos.query.QueryException;
import dev.pharos.query.QueryOptions;
import dev.pharos.query.logs.LogQuery;
import dev.pharos.query.logs.LogSearch;
import dev.pharos.query.sql.SqlConsole;
import dev.pharos.query.traces.TraceSearch;
import dev.pharos.store.ReadLimits;
import dev.pharos.store.embedded.EmbeddedClickHouse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A caller confined to tenant acme tries every way SQL offers to reach globex's rows. Each statement
 * either fails or returns acme's rows only: the engine applies the tenant filter wherever a table is
 * read, and the filter cannot be lifted from inside a statement.
 */
class TenantEscapeTest {

    private static final String GLOBEX_SECRET = "globex-secret-body";
    private static final String GLOBEX_TRACE = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";

    @TempDir
    static Path dir;
    static EmbeddedClickHouse engine;
    static SqlConsole all;
    static SqlConsole acme;

    @BeforeAll
    static void start() {
        engine = EngineFixture.open(dir.resolve("data"));
        engine.execute("INSERT INTO otel.otel_logs (Timestamp, ServiceName, Body, Tenant) SELECT * FROM values("
                + "(now64(9), 'shop', 'acme-body', 'acme'), (now64(9), 'shop', '" + GLOBEX_SECRET + "', 'globex'), "
                + "(now64(9), 'shop', 'legacy-body', 'default'))");
        engine.execute("INSERT INTO otel.otel_traces (Timestamp, TraceId, SpanId, ServiceName, SpanName, Duration, Tenant) SELECT * FROM values("
                + "(now64(9), 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', '1111111111111111', 'shop', 'acme-span', 5, 'acme'), "
                + "(now64(9), '" + GLOBEX_TRACE + "', '2222222222222222', 'shop', 'globex-span', 5, 'globex'))");
        engine.execute("INSERT INTO otel.otel_metrics_gauge (TimeUnix, MetricName, Value, Tenant) SELECT * FROM values("
                + "(now64(9), 'acme_metric', 1, 'acme'), (now64(9), 'globex_metric', 2, 'globex'))");
        engine.execute("INSERT INTO otel.pharos_audit (Timestamp, Identity, Tenants, Action, Statement) SELECT * FROM values("
                + "(now64(3), 'a', 'acme', 'x', 'acme query'), (now64(3), 'g', 'globex', 'x', 'SELECT ''" + GLOBEX_SECRET + "'''))");
        all = new SqlConsole(engine, new ReadLimits(Duration.ofSeconds(5), 50_000_000, 10L << 30, 10_000, 10 << 20, 1L << 30),
                List.of("otel.pharos_audit"));
        // Put globex's literal into the engine's own logs and process list, as another user's query would.
        all.run("SELECT count() FROM otel.otel_logs WHERE Body = '" + GLOBEX_SECRET + "'", "TSV", true);
        acme = all.scopedTo(QueryOptions.defaults("otel").scopedTo(Tenants.of("acme")));
    }

    @AfterAll
    static void stop() {
        engine.close();
    }

    private static String run(String sql) {
        return acme.run(sql, "TSV", false).text();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "SELECT Body, Tenant FROM otel.otel_logs",
        "SELECT * FROM otel.otel_logs",
        "SELECT Body FROM otel.otel_logs WHERE Tenant = 'globex' OR 1 = 1",
        "SELECT Body FROM otel.otel_logs AS l FINAL",
        "SELECT Body FROM (SELECT * FROM otel.otel_logs)",
        "SELECT Body FROM otel.otel_logs WHERE Body IN (SELECT Body FROM otel.otel_logs)",
        "WITH x AS (SELECT Body FROM otel.otel_logs) SELECT * FROM x",
        "SELECT Body FROM otel.otel_logs UNION ALL SELECT SpanName FROM otel.otel_traces",
        "SELECT a.Body FROM otel.otel_logs AS a JOIN otel.otel_logs AS b ON a.ServiceName = b.ServiceName",
        "SELECT a.Body FROM otel.otel_logs AS a CROSS JOIN otel.otel_traces AS t",
        "SELECT Body FROM view(SELECT * FROM otel.otel_logs)",
        "SELECT /* Tenant filter? */ Body FROM otel . otel_logs -- comment",
        "SELECT `Body` FROM `otel`.`otel_logs`",
        "SELECT \"Body\" FROM \"otel\".\"otel_logs\"",
        "SELECT groupArray(Body) FROM otel.otel_logs",
        "SELECT SpanName, TraceId FROM otel.otel_traces",
        "SELECT TraceId FROM otel.otel_traces_trace_id_ts",
        "SELECT TraceId FROM otel.otel_traces_trace_id_ts_mv",
        "SELECT MetricName FROM otel.otel_metrics_gauge",
        "SELECT Statement FROM otel.pharos_audit",
        "SELECT query FROM system.query_log",
        "SELECT query FROM system.processes",
        "SELECT last_error_message FROM system.errors",
        "SELECT message FROM system.text_log",
        "SELECT Body FROM otel.otel_logs SETTINGS additional_table_filters = {'otel.otel_logs': '1'}",
        "SELECT Body FROM otel.otel_logs SETTINGS readonly = 0",
        "SELECT Body FROM merge('otel', 'otel_logs')",
        "SELECT Body FROM remote('127.0.0.1', otel.otel_logs)",
        "SELECT Body FROM cluster('default', otel.otel_logs)",
        "SELECT Body FROM file('../otel/otel_logs/*')",
        "SELECT * FROM mergeTreeIndex('otel', 'otel_logs', with_marks = true)",
        "SELECT _part, Body FROM otel.otel_logs",
        "SELECT Body FROM otel.otel_logs SAMPLE 1",
        "SELECT Body FROM otel.otel_logs PREWHERE 1 WHERE 1"})
    void acmeNeverSeesGlobex(String sql) {
        String out;
        try {
            out = run(sql);
        } catch (QueryException refused) {
            return;
        }
        assertThat(out).as(sql).doesNotContain("globex").doesNotContain(GLOBEX_SECRET).doesNotContain(GLOBEX_TRACE)
                .doesNotContain("legacy-body");
    }

    /** The same statements without confinement do reach globex: the test above proves the filter, not an empty engine. */
    @ParameterizedTest
    @ValueSource(strings = {
        "SELECT Body FROM otel.otel_logs",
        "SELECT Body FROM view(SELECT * FROM otel.otel_logs)",
        "SELECT TraceId FROM otel.otel_traces_trace_id_ts_mv",
        "SELECT Statement FROM otel.pharos_audit"})
    void unconfinedTheyWouldLeak(String sql) {
        // (The embedded engine keeps no system.query_log; ClickHouse servers do, hence the filter on it.)
        assertThat(all.run(sql, "TSV", true).text()).as(sql).containsAnyOf(GLOBEX_SECRET, GLOBEX_TRACE);
    }

    @Test
    void acmeSeesItsOwnRows() {
        assertThat(run("SELECT Body FROM otel.otel_logs")).isEqualTo("acme-body\n");
        assertThat(run("SELECT SpanName FROM otel.otel_traces")).isEqualTo("acme-span\n");
        assertThat(run("SELECT MetricName FROM otel.otel_metrics_gauge")).isEqualTo("acme_metric\n");
        // Audit rows of acme's own callers are readable to an acme admin, and only those.
        assertThat(acme.run("SELECT Statement FROM otel.pharos_audit", "TSV", true).text()).isEqualTo("acme query\n");
        // The default tenant includes rows from before tenancy; nobody else sees them.
        SqlConsole legacy = acme.scopedTo(QueryOptions.defaults("otel").scopedTo(Tenants.of("default")));
        assertThat(legacy.run("SELECT Body FROM otel.otel_logs", "TSV", false).text()).isEqualTo("legacy-body\n");
    }

    @Test
    void theFilterCannotBeChangedFromInsideAStatement() {
        assertThatThrownBy(() -> run("SELECT Body FROM otel.otel_logs SETTINGS additional_table_filters = {'otel.otel_logs': '1'}"))
                .isInstanceOf(QueryException.class).hasMessageContaining("READONLY");
        assertThatThrownBy(() -> run("SET additional_table_filters = {}")).isInstanceOf(QueryException.class);
    }

    @Test
    void pharosOwnSearchesAreConfinedToo() {
        QueryOptions options = QueryOptions.defaults("otel").scopedTo(Tenants.of("acme"));
        LogSearch logs = new LogSearch(engine, options);
        var page = logs.search(LogQuery.fromParams(new dev.pharos.query.Params(Map.of()), options, Instant.now()));
        assertThat(page.rows()).extracting(r -> r.body()).containsExactly("acme-body");
        TraceSearch traces = new TraceSearch(engine, options);
        assertThat(traces.get(GLOBEX_TRACE)).isEmpty();
        assertThat(traces.get("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")).isPresent();
        assertThat(new TraceSearch(engine, options.scopedTo(Tenants.of("globex"))).get(GLOBEX_TRACE)).isPresent();
    }
}
