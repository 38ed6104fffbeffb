package dev.pharos.bench.insert;

import dev.pharos.store.batch.LogsBatch;
import dev.pharos.store.embedded.EmbeddedClickHouse;

/** The production path: {@link LogsBatch} (Native) spooled to /dev/shm and read with INSERT ... FROM INFILE. */
final class NativeFilePath implements InsertPath {

    private final LogsBatch batch = new LogsBatch();
    private long lastBytes;
    private long encodeNanos;

    @Override
    public String name() {
        return "native-file";
    }

    @Override
    public void insert(EmbeddedClickHouse engine, String table, SyntheticLogs.Rows rows, int from, int to) {
        long encodeStart = System.nanoTime();
        LogRowEncoder.fill(batch, rows, from, to);
        lastBytes = batch.block().encodedBytes();
        encodeNanos += System.nanoTime() - encodeStart;
        engine.insert(table, batch.block(), null);
        batch.block().reset();
    }

    @Override
    public long takeEncodeNanos() {
        long n = encodeNanos;
        encodeNanos = 0;
        return n;
    }

    @Override
    public long lastBatchBytes() {
        return lastBytes;
    }
}
