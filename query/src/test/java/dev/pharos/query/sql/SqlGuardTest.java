package dev.pharos.query.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pharos.query.QueryException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SqlGuardTest {

    @ParameterizedTest
    @ValueSource(strings = {
        "SELECT 1",
        "select count() from otel.otel_logs where Body = 'a; b' -- trailing; comment",
        "WITH x AS (SELECT 1) SELECT * FROM x",
        "SHOW TABLES FROM otel",
        "DESCRIBE TABLE otel.otel_logs",
        "EXPLAIN SELECT 1",
        "(SELECT 1) UNION ALL (SELECT 2)",
        "SELECT 'OUTFILE', \"format\", formatDateTime(now(), '%F') /* ; */",
        "SELECT $$;$$",
        "SELECT 1;",
        "SELECT 1 ;  ; ",
        "SELECT count(), sum(x), toString(y) FROM otel.otel_logs WHERE has(arr, 1) GROUP BY lower(z)",
        "SELECT * FROM numbers(10) AS n JOIN (SELECT f(x) FROM t) AS s ON n.number = toUInt64(s.x)",
        "SELECT * FROM t1 JOIN t2 USING (id) WHERE position(Body, 'x') > 0",
        "SELECT * FROM view(SELECT 1) UNION ALL SELECT * FROM values('a UInt8', 1)"
    })
    void readQueriesPass(String sql) {
        assertThat(SqlGuard.check(sql)).doesNotEndWith(";");
    }

    @Test
    void trailingSemicolonsAreRemovedAndTheRestKept() {
        assertThat(SqlGuard.check("SELECT 'x;y' ;")).isEqualTo("SELECT 'x;y'");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "SELECT 1; DROP TABLE otel.otel_logs",
        "SELECT 1 /* hide */; INSERT INTO t VALUES (1)",
        "SELECT 1 -- x\n; SELECT 2"
    })
    void severalStatementsAreRefused(String sql) {
        assertThatThrownBy(() -> SqlGuard.check(sql)).isInstanceOf(QueryException.class).hasMessageContaining("one statement");
    }

    @ParameterizedTest
    @ValueSource(strings = {"INSERT INTO t VALUES (1)", "DROP TABLE otel.otel_logs", "SYSTEM SHUTDOWN", "SET readonly = 0",
        "ALTER TABLE t DELETE WHERE 1", "CREATE TABLE t (x Int8) ENGINE = Memory", "KILL QUERY WHERE 1", "OPTIMIZE TABLE t",
        "TRUNCATE t", "GRANT ALL ON *.* TO default", "ATTACH TABLE t", "BACKUP TABLE t TO Disk('a', 'b')", "USE system"})
    void writesAndAdminStatementsAreRefused(String sql) {
        assertThatThrownBy(() -> SqlGuard.check(sql)).isInstanceOf(QueryException.class).hasMessageContaining("only read queries");
    }

    @ParameterizedTest
    @ValueSource(strings = {"SELECT file('/etc/passwd')", "SELECT `file`('/etc/passwd')", "SELECT FILE ('/etc/passwd')",
        "SELECT * FROM url('http://example.com', 'LineAsString')", "SELECT * FROM s3('https://b/x.csv')",
        "SELECT * FROM remoteSecure('h:9440', system.one)", "SELECT * FROM mysql('h', 'd', 't', 'u', 'p')",
        "SELECT catboostEvaluate('/m.bin', 1)", "SELECT * FROM executable('x.sh', 'TSV', 'a String')",
        "SELECT * FROM icebergS3('x')", "SELECT * FROM postgresql('h', 'd', 't', 'u', 'p')"})
    void filesAndOtherHostsAreRefused(String sql) {
        assertThatThrownBy(() -> SqlGuard.check(sql)).isInstanceOf(QueryException.class).hasMessageContaining("is not allowed");
    }

    @ParameterizedTest
    @ValueSource(strings = {"SELECT * FROM merge('otel', 'pharos_audit')", "SELECT * FROM mergeTreeIndex(otel, otel_logs)",
        "SELECT * FROM otel.otel_logs JOIN mergeTreeIndex(otel, pharos_audit) AS i ON 1", "SELECT * FROM (SELECT * FROM loop(otel, t))",
        "SELECT 1 FROM numbers(1), mergeTreeProjection(otel, t, p)", "SELECT * FROM `merge`('otel', 'x')"})
    void tableFunctionsBeyondTheAllowListAreRefused(String sql) {
        assertThatThrownBy(() -> SqlGuard.check(sql)).isInstanceOf(QueryException.class).hasMessageContaining("is not allowed");
    }

    @Test
    void outfileAndFormatClausesAreRefused() {
        assertThatThrownBy(() -> SqlGuard.check("SELECT 1 INTO OUTFILE '/tmp/x'")).hasMessageContaining("OUTFILE is not allowed");
        assertThatThrownBy(() -> SqlGuard.check("SELECT 1 FORMAT Native")).hasMessageContaining("FORMAT clause");
    }

    @Test
    void unterminatedTextIsAnErrorNotAGuess() {
        assertThatThrownBy(() -> SqlGuard.check("SELECT 'abc")).hasMessageContaining("unterminated");
        assertThatThrownBy(() -> SqlGuard.check("SELECT 1 /* ; DROP")).hasMessageContaining("unterminated");
        assertThatThrownBy(() -> SqlGuard.check("  ")).hasMessageContaining("empty query");
        assertThatThrownBy(() -> SqlGuard.check(";")).hasMessageContaining("empty query");
    }
}
