package dev.pharos.agent.collect;

import dev.pharos.agent.AgentMetrics;
import java.util.Arrays;

/**
 * Turns one file's lines into records: takes the format off each line, joins a runtime's partial
 * lines (CRI {@code P}, Docker's log without a trailing newline) with the line that completes
 * them, per stream, since stdout and stderr interleave in one file, and tracks the offsets a
 * checkpoint needs (see {@link DeliveryProgress}).
 */
public final class LineAssembler {

    /** Records ending at or before this offset were delivered before a restart: they are not sent again. */
    private final long deliveredBefore;
    private final int maxRecordBytes;
    private final RecordSink sink;
    private final AgentMetrics metrics;
    private final ParsedLine line = new ParsedLine();
    private final Partial stdout = new Partial();
    private final Partial stderr = new Partial();
    private TailedFile source;
    private long malformedLines;
    private long lastEmittedEnd = -1;

    public LineAssembler(long deliveredBefore, int maxRecordBytes, RecordSink sink, AgentMetrics metrics) {
        this.deliveredBefore = deliveredBefore;
        this.maxRecordBytes = maxRecordBytes;
        this.sink = sink;
        this.metrics = metrics;
    }

    void attach(TailedFile source) {
        this.source = source;
    }

    /**
     * One line, {@code b[start, end)} without its newline, which starts at file offset
     * {@code lineStart} and ends (newline included) at {@code lineEnd}.
     */
    public void line(byte[] b, int start, int end, long lineStart, long lineEnd) {
        LineFormat format = LineFormat.of(b, start, end);
        if (!format.parse(b, start, end, line)) {
            malformedLines++;
            metrics.malformed(format.name());
            if (source != null) {
                source.malformed(format.name(), lineStart, b, start, end);
            }
            return;
        }
        Partial p = line.stream == LogStream.STDOUT ? stdout : stderr;
        if (p.length < 0 && !line.partial) {
            // The common case: a whole line, sent straight from the read buffer.
            emit(line.timeUnixNanos, line.stream, line.content, line.contentOffset, line.contentLength, lineEnd);
            return;
        }
        if (p.length < 0) {
            p.start(lineStart, line.timeUnixNanos);
        }
        p.append(line.content, line.contentOffset, line.contentLength);
        if (!line.partial || p.length >= maxRecordBytes) {
            // Complete, or so long that it is sent in pieces rather than held without bound.
            p.emitAndReset(this, line.stream, lineEnd);
        }
    }

    /** Sends the partial lines still open as they are: the file ends (rotated or deleted) without their completion. */
    public void finish(long endOffset) {
        Partial first = stdout.startOffset <= stderr.startOffset ? stdout : stderr;
        Partial second = first == stdout ? stderr : stdout;
        if (first.length >= 0) {
            first.emitAndReset(this, first == stdout ? LogStream.STDOUT : LogStream.STDERR, endOffset);
        }
        if (second.length >= 0) {
            second.emitAndReset(this, second == stdout ? LogStream.STDOUT : LogStream.STDERR, endOffset);
        }
    }

    /** True while a partial line waits for its completion. */
    public boolean hasOpenPartial() {
        return stdout.length >= 0 || stderr.length >= 0;
    }

    public long malformedLines() {
        return malformedLines;
    }

    /** The end offset of the last record handed on (or skipped as already delivered), -1 before the first. */
    public long lastEmittedEnd() {
        return lastEmittedEnd;
    }

    private void emit(long time, LogStream stream, byte[] body, int offset, int length, long endOffset) {
        // Reading may restart no later than the start of a partial line still open in the other stream.
        long safe = Math.min(endOffset, Math.min(stdout.startOffset, stderr.startOffset));
        lastEmittedEnd = endOffset;
        if (endOffset <= deliveredBefore) {
            return;
        }
        metrics.recordRead();
        sink.accept(source, time, stream, body, offset, length, safe, endOffset);
    }

    /** The pieces of one stream's record that a runtime split. */
    private static final class Partial {
        long startOffset = Long.MAX_VALUE;
        long time;
        byte[] bytes = new byte[0];
        /** -1 when no partial line is open. */
        int length = -1;

        void start(long offset, long timeUnixNanos) {
            startOffset = offset;
            time = timeUnixNanos;
            length = 0;
        }

        void append(byte[] b, int offset, int n) {
            if (bytes.length < length + n) {
                bytes = Arrays.copyOf(bytes, Math.max(length + n, Math.min(bytes.length * 2 + 64, 1 << 30)));
            }
            System.arraycopy(b, offset, bytes, length, n);
            length += n;
        }

        void emitAndReset(LineAssembler a, LogStream stream, long endOffset) {
            int n = length;
            long t = time;
            length = -1;
            startOffset = Long.MAX_VALUE;
            a.emit(t, stream, bytes, 0, n, endOffset);
            if (bytes.length > 64 * 1024) {
                bytes = new byte[0];
            }
        }
    }
}
