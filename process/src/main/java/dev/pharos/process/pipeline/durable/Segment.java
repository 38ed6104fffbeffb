package dev.pharos.process.pipeline.durable;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One file of the disk buffer. Positions in the buffer are log sequence numbers (LSN): a
 * segment's first byte has LSN {@link #base()} (the previous segment's end), so a record's LSN
 * names its file and offset, and LSNs only grow, across restarts too.
 *
 * <pre>segment = magic "PHRSWAL1" base:int64 crc:int32 record*</pre>
 */
final class Segment {

    static final int HEADER = 20;
    private static final byte[] MAGIC = "PHRSWAL1".getBytes(StandardCharsets.US_ASCII);
    private static final Pattern NAME = Pattern.compile("(\\d{20})\\.wal");

    private final Path path;
    private final long base;
    private volatile long size;
    private FileChannel reader;

    Segment(Path path, long base, long size) {
        this.path = path;
        this.base = base;
        this.size = size;
    }

    static String fileName(long base) {
        return String.format("%020d.wal", base);
    }

    /** The base LSN a file name stands for, or -1 when it is not a segment's name. */
    static long baseOf(String fileName) {
        Matcher m = NAME.matcher(fileName);
        return m.matches() ? Long.parseLong(m.group(1)) : -1;
    }

    Path path() {
        return path;
    }

    long base() {
        return base;
    }

    /** Bytes in the file, header included. */
    long size() {
        return size;
    }

    void grew(long bytes) {
        size += bytes;
    }

    void truncatedTo(long bytes) {
        size = bytes;
    }

    /** The LSN just past its last record. */
    long end() {
        return base + size;
    }

    /** Owner-only: the log holds telemetry as stored, as the tables do. */
    static final java.util.Set<java.nio.file.attribute.PosixFilePermission> FILE_MODE =
            java.nio.file.attribute.PosixFilePermissions.fromString("rw-------");

    /** Creates the file (owner-only where the file system has POSIX modes) with its header and returns the channel to append to. */
    static FileChannel create(Path path, long base) throws IOException {
        FileChannel ch;
        try {
            ch = FileChannel.open(path, java.util.Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                    java.nio.file.attribute.PosixFilePermissions.asFileAttribute(FILE_MODE));
        } catch (UnsupportedOperationException e) {
            ch = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        }
        try {
            ByteBuffer h = header(base);
            while (h.hasRemaining()) {
                ch.write(h, h.position());
            }
            return ch;
        } catch (IOException e) {
            ch.close();
            throw e;
        }
    }

    static ByteBuffer header(long base) {
        ByteBuffer h = ByteBuffer.allocate(HEADER).order(ByteOrder.LITTLE_ENDIAN);
        h.put(MAGIC).putLong(base);
        h.putInt(WalRecord.crc(h.array(), 0, 16));
        return h.flip();
    }

    /** True when {@code h} (the first {@link #HEADER} bytes) is a valid header for this segment. */
    boolean headerValid(byte[] h) {
        ByteBuffer b = ByteBuffer.wrap(h).order(ByteOrder.LITTLE_ENDIAN);
        for (byte m : MAGIC) {
            if (b.get() != m) {
                return false;
            }
        }
        return b.getLong() == base && b.getInt() == WalRecord.crc(h, 0, 16);
    }

    /** A channel for reading records back (reloads); opened on first use, closed with {@link #closeReader()}. */
    synchronized FileChannel reader() throws IOException {
        if (reader == null) {
            reader = FileChannel.open(path, StandardOpenOption.READ);
        }
        return reader;
    }

    synchronized void closeReader() {
        if (reader != null) {
            try {
                reader.close();
            } catch (IOException ignored) {
                // read-only channel: nothing to lose
            }
            reader = null;
        }
    }

    @Override
    public String toString() {
        return path.getFileName() + " (" + size + " bytes)";
    }
}
