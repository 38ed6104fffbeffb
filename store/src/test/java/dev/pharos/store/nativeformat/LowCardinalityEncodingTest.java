package dev.pharos.store.nativeformat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pharos.store.embedded.EmbeddedClickHouse;
import dev.pharos.store.embedded.EngineOptions;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Dictionary-encoded columns, checked by the engine itself: what goes in must come back, row for row. */
class LowCardinalityEncodingTest {

    @TempDir
    static Path dataDir;

    static EmbeddedClickHouse engine;

    @BeforeAll
    static void open() {
        engine = EmbeddedClickHouse.open(new EngineOptions(dataDir, 1L << 30, 1, "warning"));
        engine.execute("CREATE DATABASE IF NOT EXISTS lc");
    }

    @AfterAll
    static void close() {
        if (engine != null) {
            engine.close();
        }
    }

    /** Values with {@code distinct} different strings in a shuffled order, repeats and runs, empty and non-ASCII ones. */
    private static String value(int row, int distinct) {
        int v = (int) ((row * 2654435761L) % distinct);
        if (row % 5 == 1) {
            v = (int) (((row - 1) * 2654435761L) % distinct); // a run: same as the row before
        }
        return v == 0 ? "" : v % 3 == 0 ? "héllo ✓ " + v : "service-" + v;
    }

    @Test
    void everyIndexWidthRoundTripsThroughTheEngine() {
        // 1 and 200 distinct values: UInt8 indexes; 5,000: UInt16; 70,000: UInt32.
        for (int distinct : new int[] {1, 200, 5_000, 70_000}) {
            String table = "lc.s" + distinct;
            engine.execute("CREATE TABLE " + table + " (n UInt32, s LowCardinality(String)) ENGINE = MergeTree ORDER BY n");
            FixedColumn n = new FixedColumn("n", "UInt32");
            StringColumn s = StringColumn.lowCardinality("s");
            NativeBlock block = new NativeBlock(List.of(n, s));
            int rows = Math.max(1_000, distinct * 2);
            for (int i = 0; i < rows; i++) {
                n.add(i);
                s.add(value(i, distinct));
            }
            assertThat(s.type()).isEqualTo("LowCardinality(String)");
            engine.insert(table, block, null);
            String got = engine.query("SELECT count(), uniqExact(s), sum(cityHash64(n, s)) FROM " + table, "TSV").text();
            // The expected figures computed by the engine from the same strings sent as plain text.
            engine.execute("CREATE TABLE " + table + "_plain (n UInt32, s String) ENGINE = MergeTree ORDER BY n");
            FixedColumn n2 = new FixedColumn("n", "UInt32");
            StringColumn s2 = new StringColumn("s");
            for (int i = 0; i < rows; i++) {
                n2.add(i);
                s2.add(value(i, distinct));
            }
            engine.insert(table + "_plain", new NativeBlock(List.of(n2, s2)), null);
            String want = engine.query("SELECT count(), uniqExact(s), sum(cityHash64(n, toLowCardinality(s))) FROM " + table + "_plain", "TSV").text();
            assertThat(got).as("%d distinct values", distinct).isEqualTo(want);
            assertThat(engine.query("SELECT count() FROM " + table + " AS a INNER JOIN " + table + "_plain AS b ON a.n = b.n AND a.s = b.s", "TSV").text())
                    .isEqualTo(rows + "\n");
        }
    }

    @Test
    void mapKeysGoDictionaryEncodedWithEmptyMapsAndEmptyKeys() {
        engine.execute("CREATE TABLE lc.m (n UInt32, m Map(LowCardinality(String), String), t LowCardinality(String)) ENGINE = MergeTree ORDER BY n");
        FixedColumn n = new FixedColumn("n", "UInt32");
        StringMapColumn m = StringMapColumn.lowCardinalityKeys("m");
        StringColumn t = StringColumn.lowCardinality("t");
        NativeBlock block = new NativeBlock(List.of(n, m, t));
        for (int i = 0; i < 3_000; i++) {
            n.add(i);
            Map<String, String> row = new LinkedHashMap<>();
            for (int k = 0; k < i % 4; k++) {
                row.put(k == 2 ? "" : "k8s.pod.name." + (i + k) % 300, "v" + i + "." + k);
            }
            m.add(row);
            t.add(i % 7 == 0 ? "" : "tenant-" + i % 3);
        }
        engine.insert("lc.m", block, "lc-map");
        assertThat(engine.query("SELECT count(), sum(length(m)), (SELECT uniqExact(arrayJoin(mapKeys(m))) FROM lc.m) FROM lc.m", "TSV").text())
                .isEqualTo("3000\t4500\t301\n");
        assertThat(engine.query("SELECT m, t FROM lc.m WHERE n IN (0, 3, 2998, 2999) ORDER BY n", "TSV").text()).isEqualTo("""
                {}\t
                {'k8s.pod.name.3':'v3.0','k8s.pod.name.4':'v3.1','':'v3.2'}\ttenant-0
                {'k8s.pod.name.298':'v2998.0','k8s.pod.name.299':'v2998.1'}\ttenant-1
                {'k8s.pod.name.299':'v2999.0','k8s.pod.name.0':'v2999.1','':'v2999.2'}\ttenant-2
                """);
    }

    @Test
    void rowsRepeatingTheKeysOfTheRowBeforeInWholeOrInPartKeepTheirOwnKeys() {
        engine.execute("CREATE TABLE lc.r (n UInt32, m Map(LowCardinality(String), String)) ENGINE = MergeTree ORDER BY n");
        FixedColumn n = new FixedColumn("n", "UInt32");
        StringMapColumn m = StringMapColumn.lowCardinalityKeys("m");
        NativeBlock block = new NativeBlock(List.of(n, m));
        List<List<String>> rows = List.of(List.of("a", "b"), List.of("a", "b"), List.of("a", "c"), List.of(), List.of("a", "c", "d"),
                List.of("c", "a"), List.of("ab"), List.of("a", "b"));
        for (int i = 0; i < rows.size(); i++) {
            n.add(i);
            for (String k : rows.get(i)) {
                m.put(k, k + i);
            }
            m.endRow();
        }
        engine.insert("lc.r", block, null);
        // A map column whose rows are all empty has no keys at all, not an empty dictionary.
        block.reset();
        n.add(100);
        m.endRow();
        n.add(101);
        m.endRow();
        engine.insert("lc.r", block, null);
        assertThat(engine.query("SELECT count() FROM lc.r WHERE n >= 100 AND empty(m)", "TSV").text()).isEqualTo("2\n");
        assertThat(engine.query("SELECT n, m FROM lc.r ORDER BY n", "TSV").text()).isEqualTo("""
                0	{'a':'a0','b':'b0'}
                1	{'a':'a1','b':'b1'}
                2	{'a':'a2','c':'c2'}
                3	{}
                4	{'a':'a4','c':'c4','d':'d4'}
                5	{'c':'c5','a':'a5'}
                6	{'ab':'ab6'}
                7	{'a':'a7','b':'b7'}
                100	{}
                101	{}
                """);
    }

    @Test
    void aDictionaryEncodedColumnAlsoFillsAPlainStringColumnAndKeepsItsDiskBufferLayout() {
        engine.execute("CREATE TABLE lc.plain (s String, m Map(String, String)) ENGINE = MergeTree ORDER BY s");
        StringColumn s = StringColumn.lowCardinality("s");
        StringMapColumn m = StringMapColumn.lowCardinalityKeys("m");
        NativeBlock block = new NativeBlock(List.of(s, m));
        s.add("b");
        m.add(Map.of("key", "value"));
        s.add("a");
        m.add(Map.of());
        engine.insert("lc.plain", block, null);
        assertThat(engine.query("SELECT s, m FROM lc.plain ORDER BY s", "TSV").text()).isEqualTo("a\t{}\nb\t{'key':'value'}\n");
        // The rows are held as plain strings, so a disk buffer written before the switch still fits.
        assertThat(block.layout()).isEqualTo(new NativeBlock(List.of(new StringColumn("s"), new StringMapColumn("m"))).layout());
    }

    @Test
    void arraysOfDictionaryEncodedColumnsAreRefused() {
        assertThatThrownBy(() -> new ArrayColumn<>("a", StringColumn.lowCardinality("")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
