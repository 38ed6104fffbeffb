package dev.pharos.bench.insert;

import dev.pharos.store.embedded.EmbeddedClickHouse;
import dev.pharos.store.nativeformat.ByteSink;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** Row-oriented RowBinary spooled to the same RAM-backed directory, for comparison. */
final class RowBinaryFilePath implements InsertPath {

    private final ByteSink sink = new ByteSink(64 << 20);
    private final Path spool;
    private long lastBytes;
    private long encodeNanos;

    RowBinaryFilePath(Path spool) {
        this.spool = spool;
    }

    @Override
    public String name() {
        return "rowbinary-file";
    }

    @Override
    public void insert(EmbeddedClickHouse engine, String table, SyntheticLogs.Rows rows, int from, int to) throws Exception {
        long encodeStart = System.nanoTime();
        sink.reset();
        LogRowEncoder.writeRowBinary(sink, rows, from, to);
        lastBytes = sink.size();
        encodeNanos += System.nanoTime() - encodeStart;
        Path file = spool.resolve("rowbinary.bin");
        try (OutputStream out = Files.newOutputStream(file)) {
            sink.writeTo(out);
        }
        engine.execute("INSERT INTO " + table + " " + LogRowEncoder.ROW_BINARY_COLUMNS + " FROM INFILE '" + file + "' FORMAT RowBinary");
        Files.delete(file);
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
