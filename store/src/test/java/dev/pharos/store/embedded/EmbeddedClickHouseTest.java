package dev.pharos.store.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pharos.store.ClickHouseException;
import dev.pharos.store.InsertResult;
import dev.pharos.store.ResultStream;
import dev.pharos.store.nativeformat.FixedColumn;
import dev.pharos.store.nativeformat.NativeBlock;
import dev.pharos.store.nativeformat.StringColumn;
import dev.pharos.store.nativeformat.StringMapColumn;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedClickHouseTest {

    @TempDir
    static Path dataDir;

    static EmbeddedClickHouse engine;

    @BeforeAll
    static void open() {
        engine = EmbeddedClickHouse.open(new EngineOptions(dataDir, 1L << 30, 2, "warning"));
        engine.execute("CREATE DATABASE IF NOT EXISTS t");
        engine.execute("""
                CREATE TABLE t.logs (
                    Timestamp DateTime64(9),
                    ServiceName LowCardinality(String),
                    Body String,
                    Severity UInt8,
                    Attributes Map(LowCardinality(String), String)
                ) ENGINE = MergeTree ORDER BY (ServiceName, Timestamp)
                """);
    }

    @AfterAll
    static void close() {
        if (engine != null) {
            engine.close();
        }
    }

    @Test
    void jvmStillTurnsNullDereferencesAndDeepRecursionIntoExceptionsAfterConnecting() {
        // Connected in @BeforeAll, and a query has run: the JVM's SIGSEGV handler must still be ours.
        assertThat(engine.query("SELECT 1", "TSV").text()).isEqualTo("1\n");
        for (int i = 0; i < 3; i++) {
            Object nothing = null;
            assertThatThrownBy(() -> nothing.hashCode()).isInstanceOf(NullPointerException.class);
            assertThatThrownBy(EmbeddedClickHouseTest::recurseForever).isInstanceOf(StackOverflowError.class);
        }
        assertThat(engine.query("SELECT 2", "TSV").text()).isEqualTo("2\n");
    }

    private static int recurseForever() {
        return recurseForever() + 1;
    }

    @Test
    void engineErrorsBecomeTypedExceptionsWithTheClickHouseCode() {
        assertThatThrownBy(() -> engine.query("SELEKT 1", "TSV"))
                .isInstanceOfSatisfying(ClickHouseException.class, e -> {
                    assertThat(e.code()).isEqualTo(62);
                    assertThat(e.errorName()).isEqualTo("SYNTAX_ERROR");
                });
        assertThatThrownBy(() -> engine.query("SELECT * FROM t.nope", "TSV"))
                .isInstanceOfSatisfying(ClickHouseException.class, e -> assertThat(e.code()).isEqualTo(60));
        // The connection is still usable after an error.
        assertThat(engine.query("SELECT 3", "TSV").text()).isEqualTo("3\n");
    }

    @Test
    void nativeBatchInsertCommitsEveryRowWithExactValues() {
        StringColumn service = new StringColumn("ServiceName");
        FixedColumn ts = new FixedColumn("Timestamp", "DateTime64(9)");
        StringColumn body = new StringColumn("Body");
        FixedColumn severity = new FixedColumn("Severity", "UInt8");
        StringMapColumn attrs = new StringMapColumn("Attributes");
        NativeBlock block = new NativeBlock(List.of(ts, service, body, severity, attrs));
        long base = 1_700_000_000_000_000_000L;
        for (int i = 0; i < 1000; i++) {
            ts.add(base + i);
            service.add(i % 2 == 0 ? "checkout" : "cart");
            body.add("line " + i + " héllo ✓ 🚀");
            severity.add(i % 24);
            attrs.add(Map.of("k8s.pod.name", "pod-" + (i % 7), "i", Integer.toString(i)));
        }
        InsertResult result = engine.insert("t.logs", block, null);
        assertThat(result.rowsWritten()).isEqualTo(1000);

        String row = engine.query("SELECT Timestamp, ServiceName, Body, Severity, Attributes['k8s.pod.name'], Attributes['i'] "
                + "FROM t.logs WHERE Attributes['i'] = '999'", "TSV").text();
        assertThat(row).isEqualTo("2023-11-14 22:13:20.000000999\tcart\tline 999 héllo ✓ 🚀\t15\tpod-5\t999\n");
        assertThat(engine.query("SELECT count() FROM t.logs", "TSV").text()).isEqualTo("1000\n");
    }

    @Test
    void malformedBatchIsRejectedWithTheEngineErrorAndCommitsNothing() throws Exception {
        engine.execute("CREATE TABLE t.strict (a UInt64, b String) ENGINE = MergeTree ORDER BY a");
        // Wrong type: the block says String where the table has UInt64 and the text is no number.
        StringColumn a = new StringColumn("a");
        StringColumn b = new StringColumn("b");
        for (int i = 0; i < 100; i++) {
            a.add(i < 50 ? Integer.toString(i) : "not-a-number");
            b.add("x");
        }
        assertThatThrownBy(() -> engine.insert("t.strict", new NativeBlock(List.of(a, b)), null))
                .isInstanceOf(ClickHouseException.class);
        assertThat(engine.query("SELECT count() FROM t.strict", "TSV").text()).isEqualTo("0\n");

        // Truncated: the header announces more rows than the columns hold.
        FixedColumn a2 = new FixedColumn("a", "UInt64");
        StringColumn b2 = new StringColumn("b");
        a2.add(1);
        b2.add("one");
        NativeBlock good = new NativeBlock(List.of(a2, b2));
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        good.writeTo(bytes);
        byte[] full = bytes.toByteArray();
        full[1] = 5; // rows = 5
        Path truncated = dataDir.resolve("truncated.native");
        java.nio.file.Files.write(truncated, full);
        assertThatThrownBy(() -> engine.execute("INSERT INTO t.strict FROM INFILE '" + truncated + "' FORMAT Native"))
                .isInstanceOfSatisfying(ClickHouseException.class, e -> assertThat(e.code()).isPositive());
        assertThat(engine.query("SELECT count() FROM t.strict", "TSV").text()).isEqualTo("0\n");

        assertThat(engine.insert("t.strict", good, null).rowsWritten()).isEqualTo(1);
        assertThat(engine.query("SELECT a, b FROM t.strict", "TSV").text()).isEqualTo("1\tone\n");
    }

    @Test
    void aSmallInsertAfterALargeOneHoldsOnlyItsOwnRowsThoughTheSpoolFileIsReused() {
        engine.execute("CREATE TABLE t.spool (a UInt64, b String) ENGINE = MergeTree ORDER BY a");
        FixedColumn a = new FixedColumn("a", "UInt64");
        StringColumn b = new StringColumn("b");
        NativeBlock block = new NativeBlock(List.of(a, b));
        for (int i = 0; i < 20_000; i++) {
            a.add(i);
            b.add("a long value that makes the first spool file several megabytes " + i);
        }
        engine.insert("t.spool", block, null);
        // Two inserts in a row, then the small one: whichever spool file it gets held the large one before.
        for (int round = 0; round < 2; round++) {
            block.reset();
            a.add(1_000_000 + round);
            b.add("small " + round);
            assertThat(engine.insert("t.spool", List.of(block), "spool-small-" + round).rowsWritten()).isEqualTo(1);
        }
        assertThat(engine.query("SELECT count(), countIf(a >= 1000000) FROM t.spool", "TSV").text()).isEqualTo("20002\t2\n");
        assertThat(engine.query("SELECT a, b FROM t.spool WHERE a >= 1000000 ORDER BY a", "TSV").text())
                .isEqualTo("1000000\tsmall 0\n1000001\tsmall 1\n");
    }

    @Test
    void spoolFilesLeftByAKilledProcessAreRemovedAndThoseOfARunningOneKept(@TempDir Path parent) throws Exception {
        long dead = 4_194_000;
        while (ProcessHandle.of(dead).isPresent()) {
            dead++;
        }
        Path left = java.nio.file.Files.createDirectories(parent.resolve("pharos-" + dead));
        java.nio.file.Files.write(left.resolve("batch-1.native"), new byte[4096]);
        Path alive = java.nio.file.Files.createDirectories(parent.resolve("pharos-" + ProcessHandle.current().pid()));
        java.nio.file.Files.write(alive.resolve("batch-7.native"), new byte[16]);
        Path other = java.nio.file.Files.createDirectories(parent.resolve("pharos-notapid"));

        EmbeddedClickHouse.removeSpoolsOfDeadProcesses(parent);

        assertThat(left).doesNotExist();
        assertThat(alive.resolve("batch-7.native")).exists();
        assertThat(other).exists();
    }

    @Test
    void streamsDeliverLargeResultsBlockByBlockAndCanBeAbandoned() {
        long total = 0;
        int chunks = 0;
        try (ResultStream s = engine.stream("SELECT number FROM numbers(300000)", "TSV")) {
            byte[] chunk;
            while ((chunk = s.next()) != null) {
                chunks++;
                for (byte c : chunk) {
                    if (c == '\n') {
                        total++;
                    }
                }
            }
        }
        assertThat(total).isEqualTo(300000);
        assertThat(chunks).isGreaterThan(1);

        // Abandon a stream half way: its connection must come back healthy.
        for (int i = 0; i < 4; i++) {
            try (ResultStream s = engine.stream("SELECT number FROM numbers(10000000)", "TSV")) {
                assertThat(s.next()).isNotEmpty();
            }
        }
        assertThat(engine.query("SELECT sum(number) FROM numbers(10)", "TSV").text()).isEqualTo("45\n");
    }

    @Test
    void memoryLimitFromPharosConfigIsTheEngines() {
        String limit = engine.query("SELECT value FROM system.server_settings WHERE name = 'max_server_memory_usage'", "TSV").text().strip();
        assertThat(Long.parseLong(limit)).isEqualTo(1L << 30);
        assertThat(new String(engine.query("SELECT 'é'", "TSV").data(), StandardCharsets.UTF_8)).isEqualTo("é\n");
    }
}
