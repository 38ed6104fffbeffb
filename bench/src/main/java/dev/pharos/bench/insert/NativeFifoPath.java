package dev.pharos.bench.insert;

import dev.pharos.store.batch.LogsBatch;
import dev.pharos.store.embedded.EmbeddedClickHouse;
import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Native written into a named pipe while the engine reads it: no copy in /dev/shm, but a writer
 * thread per insert and a hang if the engine never opens the pipe (hence the timeout).
 */
final class NativeFifoPath implements InsertPath {

    private final LogsBatch batch = new LogsBatch();
    private final Path fifo;
    private long lastBytes;
    private long encodeNanos;

    NativeFifoPath(Path spool) throws Exception {
        fifo = spool.resolve("native.fifo");
        Files.deleteIfExists(fifo);
        Process p = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
        if (p.waitFor() != 0) {
            throw new IllegalStateException("mkfifo failed");
        }
    }

    @Override
    public String name() {
        return "native-fifo";
    }

    @Override
    public void insert(EmbeddedClickHouse engine, String table, SyntheticLogs.Rows rows, int from, int to) throws Exception {
        long encodeStart = System.nanoTime();
        LogRowEncoder.fill(batch, rows, from, to);
        lastBytes = batch.block().encodedBytes();
        encodeNanos += System.nanoTime() - encodeStart;
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(fifo), 1 << 20)) {
                batch.block().writeTo(out);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        engine.execute("INSERT INTO " + table + " " + batch.block().columnList() + " FROM INFILE '" + fifo + "' FORMAT Native");
        writer.get(30, TimeUnit.SECONDS);
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
