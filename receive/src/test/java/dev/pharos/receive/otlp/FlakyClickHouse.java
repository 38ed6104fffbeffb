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

    FlakyClickHouse(ClickHouse engine) {
        this.engine = engine;
    }

    @Override
    public InsertResult insert(String table, NativeBlock block, String dedupToken) {
        if (down) {
            refused.incrementAndGet();
            throw new ClickHouseException(210, "NETWORK_ERROR", "Code: 210. simulated outage: the engine refuses writes (NETWORK_ERROR)");
        }
        InsertResult r = engine.insert(table, block, dedupToken);
        if (loseNextAck.getAndSet(false)) {
            throw new ClickHouseException(209, "SOCKET_TIMEOUT", "Code: 209. simulated: committed, but the answer was lost (SOCKET_TIMEOUT)");
        }
        return r;
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
