package dev.pharos.store.embedded;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class InlinedInsertDataTest {

    @ParameterizedTest
    @ValueSource(strings = {"INSERT INTO t VALUES (1)", "insert into db.t (a, b) values (1, 'x')", "INSERT INTO t FORMAT TSV\n1",
            "INSERT INTO t SETTINGS async_insert = 0 VALUES (1)", "  INSERT INTO TABLE t (a) FORMAT JSONEachRow {\"a\": 1}",
            "INSERT INTO t (a) VALUES ('SELECT')"})
    void refusesRowsInTheStatementText(String sql) {
        assertThatThrownBy(() -> InlinedInsertData.refuse(sql)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("stdin").hasMessageContaining("SELECT * FROM values(");
    }

    @ParameterizedTest
    @ValueSource(strings = {"INSERT INTO t SELECT 1", "INSERT INTO db.t (a, b) SELECT * FROM values((1, 'x'), (2, 'y'))",
            "INSERT INTO `db`.`t`(a) WITH 1 AS x SELECT x", "INSERT INTO t (a, b) FROM INFILE '/dev/shm/x' FORMAT Native",
            "SELECT 'INSERT INTO t VALUES (1)'", "CREATE TABLE t (a Int32) ENGINE = Memory", "\n  insert into t\n  select 1"})
    void letsThroughWhatNeverReadsStdin(String sql) {
        assertThatCode(() -> InlinedInsertData.refuse(sql)).doesNotThrowAnyException();
    }
}
