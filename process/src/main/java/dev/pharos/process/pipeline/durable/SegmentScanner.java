package dev.pharos.process.pipeline.durable;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.zip.CRC32C;

/**
 * Reads a segment's records in order at start-up and stops at the first one that is not whole and
 * intact: after {@code kill -9} or a power loss the last record may be torn (cut short, or its
 * tail never written), and nothing after a damaged record can be trusted to start where it seems to.
 */
final class SegmentScanner {

    /** Receives each intact record: its LSN, type and payload ({@code payload[0, length)}, reused between calls). */
    interface Visitor {
        void record(long lsn, int type, byte[] payload, int length);
    }

    /**
     * @param validSize bytes of the file up to the end of the last intact record (0 when even the header is bad)
     * @param damage what was wrong at {@code validSize}, or null when the file ended cleanly
     */
    record Result(long validSize, String damage) {}

    private SegmentScanner() {}

    static Result scan(Segment segment, Visitor visitor) throws IOException {
        long fileSize = Files.size(segment.path());
        try (InputStream in = new BufferedInputStream(Files.newInputStream(segment.path()), 1 << 20)) {
            byte[] header = in.readNBytes(Segment.HEADER);
            if (header.length < Segment.HEADER || !segment.headerValid(header)) {
                return new Result(0, header.length < Segment.HEADER ? "incomplete segment header" : "bad segment header");
            }
            long pos = Segment.HEADER;
            byte[] head = new byte[WalRecord.HEADER];
            byte[] payload = new byte[64 << 10];
            while (true) {
                int n = in.readNBytes(head, 0, head.length);
                if (n == 0) {
                    return new Result(pos, null);
                }
                if (n < head.length) {
                    return new Result(pos, "torn record header");
                }
                int length = intAt(head, 0);
                int crc = intAt(head, 4);
                int type = head[8] & 0xFF;
                if (length < 0 || length > WalRecord.MAX_PAYLOAD || length > fileSize - pos - WalRecord.HEADER) {
                    return new Result(pos, "record length " + length + " runs past the end of the file");
                }
                if (type < WalRecord.APPEND || type > WalRecord.DONE) {
                    return new Result(pos, "unknown record type " + type);
                }
                if (payload.length < length) {
                    payload = new byte[Math.max(length, payload.length * 2)];
                }
                if (in.readNBytes(payload, 0, length) < length) {
                    return new Result(pos, "torn record");
                }
                CRC32C check = new CRC32C();
                check.update(type);
                check.update(payload, 0, length);
                if ((int) check.getValue() != crc) {
                    return new Result(pos, "checksum mismatch");
                }
                try {
                    visitor.record(segment.base() + pos, type, payload, length);
                } catch (IllegalArgumentException e) {
                    // Intact bytes that do not parse: written by another version, or a bug. Treated as damage, not skipped,
                    // so that a batch is never rebuilt with some of its rows missing in the middle.
                    return new Result(pos, "unreadable record: " + e.getMessage());
                }
                pos += WalRecord.HEADER + length;
            }
        }
    }

    static int intAt(byte[] b, int at) {
        return (b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8 | (b[at + 2] & 0xFF) << 16 | (b[at + 3] & 0xFF) << 24;
    }
}
