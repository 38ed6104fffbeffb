package dev.pharos.store.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pharos.store.ClickHouseException;
import dev.pharos.store.TableVersions;
import dev.pharos.store.VersionedClickHouse;
import dev.pharos.store.nativeformat.FixedColumn;
import dev.pharos.store.nativeformat.NativeBlock;
import dev.pharos.store.nativeformat.StringColumn;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A table's version moves with every write that may have changed it, and only then. */
class VersionedClickHouseTest {

    @TempDir
    Path dataDir;

    @Test
    void insertsMoveTheirTableStatementsMoveEveryTableReadsMoveNothing() {
        TableVersions versions = new TableVersions();
        try (VersionedClickHouse ch = new VersionedClickHouse(EmbeddedClickHouse.open(new EngineOptions(dataDir, 1L << 30, 1, "warning")),
                versions)) {
            ch.execute("CREATE DATABASE t");
            ch.execute("CREATE TABLE t.a (x UInt64) ENGINE = MergeTree ORDER BY x");
            ch.execute("CREATE TABLE t.b (x UInt64) ENGINE = MergeTree ORDER BY x");
            long a = versions.version("t.a");
            long b = versions.version("t.b");

            ch.insert("t.a", block(1), null);
            assertThat(versions.version("t.a")).isNotEqualTo(a);
            assertThat(versions.version("t.b")).isEqualTo(b);

            a = versions.version("t.a");
            ch.query("SELECT count() FROM t.a", "TSV");
            assertThat(versions.version("t.a")).as("a read").isEqualTo(a);

            // A failed insert may still have committed (a timeout after the commit): it counts as a write.
            StringColumn bad = new StringColumn("x");
            bad.add("not-a-number");
            assertThatThrownBy(() -> ch.insert("t.b", new NativeBlock(List.of(bad)), null)).isInstanceOf(ClickHouseException.class);
            assertThat(versions.version("t.b")).isNotEqualTo(b);

            a = versions.version("t.a");
            b = versions.version("t.b");
            ch.execute("INSERT INTO t.a SELECT 2");
            assertThat(versions.version("t.a")).as("an INSERT statement").isNotEqualTo(a);
            assertThat(versions.version("t.b")).as("another table's insert").isEqualTo(b);

            a = versions.version("t.a");
            ch.execute("OPTIMIZE TABLE t.b FINAL");
            assertThat(versions.version("t.a")).as("any statement counts for every table").isNotEqualTo(a);
            assertThat(versions.version("t.b")).isNotEqualTo(b);
        }
    }

    private static NativeBlock block(long value) {
        FixedColumn x = new FixedColumn("x", "UInt64");
        x.add(value);
        return new NativeBlock(List.of(x));
    }
}
