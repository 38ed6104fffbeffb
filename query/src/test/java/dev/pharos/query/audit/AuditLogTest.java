package dev.pharos.query.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pharos.query.EngineFixture;
import dev.pharos.store.ClickHouse;
import dev.pharos.store.InsertResult;
import dev.pharos.store.QueryResult;
import dev.pharos.store.ReadLimits;
import dev.pharos.store.ResultStream;
import dev.pharos.store.embedded.EmbeddedClickHouse;
import dev.pharos.store.nativeformat.NativeBlock;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Audit rows reach the table in few inserts: what queues within a second goes in one statement, and close() writes the rest. */
class AuditLogTest {

    @TempDir
    static Path dir;

    static EmbeddedClickHouse engine;

    @BeforeAll
    static void open() {
        engine = EngineFixture.open(dir.resolve("data"));
    }

    @AfterAll
    static void close() {
        engine.close();
    }

    private static AuditLog.Entry entry(String action) {
        return new AuditLog.Entry(Instant.now(), "tester", "[all]", "promql", action, "up", "", 1, 2.5, "");
    }

    private static long rows(String action) {
        return Long.parseLong(engine.query("SELECT count() FROM otel.pharos_audit WHERE Action = '" + action + "'", "TSV").text().strip());
    }

    @Test
    void entriesArrivingTogetherAreInsertedTogether() throws Exception {
        CountingInserts counting = new CountingInserts(engine);
        AuditLog audit = new AuditLog(counting, EngineFixture.DB);
        try {
            for (int i = 0; i < 20; i++) {
                audit.record(entry("/together"));
                Thread.sleep(10);
            }
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (rows("/together") < 20 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(rows("/together")).isEqualTo(20);
            assertThat(counting.inserts.get()).isEqualTo(1);
        } finally {
            audit.close();
        }
    }

    @Test
    void closeWritesWhatIsQueuedWithoutWaitingForTheGatheringToEnd() {
        AuditLog audit = new AuditLog(engine, EngineFixture.DB);
        audit.record(entry("/closing"));
        long start = System.nanoTime();
        audit.close();
        assertThat(System.nanoTime() - start).isLessThan(AuditLog.GATHER.toNanos());
        assertThat(rows("/closing")).isEqualTo(1);
    }

    /** The real engine, counting the statements the writer runs. */
    private record CountingInserts(ClickHouse engine, AtomicInteger inserts) implements ClickHouse {

        CountingInserts(ClickHouse engine) {
            this(engine, new AtomicInteger());
        }

        @Override
        public void execute(String sql) {
            inserts.incrementAndGet();
            engine.execute(sql);
        }

        @Override
        public QueryResult query(String sql, String format) {
            return engine.query(sql, format);
        }

        @Override
        public QueryResult queryReadOnly(String sql, String format, ReadLimits limits) {
            return engine.queryReadOnly(sql, format, limits);
        }

        @Override
        public ResultStream stream(String sql, String format) {
            return engine.stream(sql, format);
        }

        @Override
        public InsertResult insert(String table, List<NativeBlock> blocks, String dedupToken) {
            return engine.insert(table, blocks, dedupToken);
        }

        @Override
        public void close() {
        }
    }
}
