package dev.pharos.receive.otlp;

import dev.pharos.store.ClickHouse;
import dev.pharos.store.ClickHouseException;
import dev.pharos.store.InsertResult;
import dev.pharos.store.QueryResult;
import dev.pharos.store.ResultStream;
import dev.pharos.store.nativeformat.NativeBlock;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The real engine behind a switch that makes inserts fail the way a real outage does: refused
 * before anything is written ({@link #down}), or committed with the acknowledgement lost
 * ({@link #loseNextAck}), which is what makes a retry dangerous without deduplication.
 */
final class FlakyClickHouse implements ClickHouse {

    private final ClickHouse engine;
    volatile boolean down;
    final AtomicBoolean loseNextAck = new AtomicBoolean();
    final AtomicInteger refused = new AtomicInteger();
    /** Inserts committed, and the batches (blocks) they carried: more blocks than inserts means batches went in together. */
    final AtomicInteger inserts = new AtomicInteger();
    final AtomicInteger blocks = new AtomicInteger();
    /** When set, an insert whose rows contain this text is refused for its content, as the engine refuses a bad block. */
    volatile String poison;

    FlakyClickHouse(ClickHouse engine) {
        this.engine = engine;
    }

    @Override
    public InsertResult insert(String table, java.util.List<NativeBlock> blocks, String dedupToken) {
        if (down) {
            refused.incrementAndGet();
            throw new ClickHouseException(210, "NETWORK_ERROR", "Code: 210. simulated outage: the engine refuses writes (NETWORK_ERROR)");
        }
        String bad = poison;
        if (bad != null && contains(blocks, bad)) {
            throw new ClickHouseException(27, "CANNOT_PARSE_INPUT_ASSERTION_FAILED", "Code: 27. simulated: a block the engine cannot take");
        }
        InsertResult r = engine.insert(table, blocks, dedupToken);
        this.inserts.incrementAndGet();
        this.blocks.addAndGet(blocks.size());
        if (loseNextAck.getAndSet(false)) {
            throw new ClickHouseException(209, "SOCKET_TIMEOUT", "Code: 209. simulated: committed, but the answer was lost (SOCKET_TIMEOUT)");
        }
        return r;
    }

    private static boolean contains(java.util.List<NativeBlock> blocks, String text) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try {
            for (NativeBlock b : blocks) {
                b.writeTo(out);
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out.toString(java.nio.charset.StandardCharsets.ISO_8859_1).contains(text);
    }

    @Override
    public void execute(String sql) {
        engine.execute(sql);
    }

    @Override
    public QueryResult query(String sql, String format) {
        return engine.query(sql, format);
    }

    @Override
    public QueryResult queryReadOnly(String sql, String format, dev.pharos.store.ReadLimits limits) {
        return engine.queryReadOnly(sql, format, limits);
    }

    @Override
    public ResultStream stream(String sql, String format) {
        return engine.stream(sql, format);
    }

    @Override
    public void close() {
        engine.close();
    }
}
