package dev.pharos.agent.collect;

import dev.pharos.agent.AgentMetrics;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One open log file: a path's current file, or one that was rotated away or deleted and is being
 * read to its end. Reads with positional reads from the start of the first incomplete line, so
 * nothing is carried between reads; owned by the tailing thread (only {@link #progress} and the
 * checkpoint fields are read by others).
 */
public final class TailedFile {

    private static final Logger LOG = LoggerFactory.getLogger(TailedFile.class);

    /** Where a file is in its life. */
    public enum State {
        /** The file its path names: followed as it grows. */
        ACTIVE,
        /** Another file took its path (rename rotation): read to its end, then closed. */
        ROTATED,
        /** Its path is gone: read to its end, then closed. */
        DELETED,
        /** Read to its end and closed; forgotten once everything read from it is acknowledged. */
        CLOSED
    }

    private final Path path;
    private final PodLogPath pod;
    private final FileIdentity identity;
    private final FileChannel channel;
    private final DeliveryProgress progress;
    private final LineAssembler assembler;
    private final AgentMetrics metrics;
    private volatile Fingerprint fingerprint;
    private volatile State state = State.ACTIVE;
    private long readOffset;
    private long lastSize = -1;
    private long lastChangeNanos;
    /** Set while the rest of a line longer than the read buffer is skipped; its first bytes are kept. */
    private byte[] longLineHead;
    private long longLineStart;
    /** Records handed to the batcher and not yet sealed into a batch (maintained by the batcher). */
    private int unsealedRecords;

    TailedFile(Path path, PodLogPath pod, FileIdentity identity, FileChannel channel, Fingerprint fingerprint, long readOffset,
               DeliveryProgress progress, LineAssembler assembler, AgentMetrics metrics, long nowNanos) {
        this.path = path;
        this.pod = pod;
        this.identity = identity;
        this.channel = channel;
        this.fingerprint = fingerprint;
        this.readOffset = readOffset;
        this.progress = progress;
        this.assembler = assembler;
        this.metrics = metrics;
        this.lastChangeNanos = nowNanos;
        assembler.attach(this);
    }

    /** What a read pass found. */
    enum ReadResult { NOTHING_NEW, PROGRESS, TRUNCATED }

    /**
     * Reads what is new (at most one buffer) and hands the complete lines on. A file shorter than
     * the read position was truncated in place (copytruncate): the caller decides what follows.
     */
    ReadResult read(ByteBuffer buf, long nowNanos) throws IOException {
        long size = channel.size();
        if (size != lastSize) {
            lastSize = size;
            lastChangeNanos = nowNanos;
        }
        if (size < readOffset) {
            return ReadResult.TRUNCATED;
        }
        if (size == readOffset) {
            return ReadResult.NOTHING_NEW;
        }
        int want = (int) Math.min(buf.capacity(), size - readOffset);
        buf.clear().limit(want);
        while (buf.hasRemaining()) {
            if (channel.read(buf, readOffset + buf.position()) <= 0) {
                break;
            }
        }
        int n = buf.position();
        // Truncated and written again past our position (copytruncate under a fast writer): the bytes
        // just read are the middle of new content. The first bytes tell; nothing read is used then.
        if (!fingerprint.matches(channel)) {
            return ReadResult.TRUNCATED;
        }
        byte[] a = buf.array();
        int lineStart = 0;
        long lines = 0;
        for (int nl = indexOfNewline(a, 0, n); nl >= 0; nl = indexOfNewline(a, lineStart, n)) {
            long lineEnd = readOffset + nl + 1;
            if (longLineHead != null) {
                metrics.truncatedLine();
                assembler.line(longLineHead, 0, longLineHead.length, longLineStart, lineEnd);
                longLineHead = null;
            } else {
                assembler.line(a, lineStart, nl, readOffset + lineStart, lineEnd);
            }
            lines++;
            lineStart = nl + 1;
        }
        long consumed = lineStart;
        if (lineStart == 0 && n == buf.capacity()) {
            // No newline in a full buffer: a line longer than agent.maxLineSize. Keep its head, skip the rest.
            if (longLineHead == null) {
                longLineHead = Arrays.copyOf(a, n);
                longLineStart = readOffset;
            }
            consumed = n;
        }
        metrics.linesRead(lines, consumed);
        readOffset += consumed;
        return consumed > 0 ? ReadResult.PROGRESS : ReadResult.NOTHING_NEW;
    }

    /**
     * The file will not grow again (rotated or deleted and quiet): sends a last line that has no
     * newline and the partial lines still open, then closes it.
     */
    void finish(ByteBuffer buf) throws IOException {
        long size = channel.size();
        if (size > readOffset) {
            int want = (int) Math.min(buf.capacity(), size - readOffset);
            buf.clear().limit(want);
            while (buf.hasRemaining() && channel.read(buf, readOffset + buf.position()) > 0) {
                // fill
            }
            int n = buf.position();
            if (longLineHead != null) {
                assembler.line(longLineHead, 0, longLineHead.length, longLineStart, readOffset + n);
                longLineHead = null;
            } else if (n > 0) {
                assembler.line(buf.array(), 0, n, readOffset, readOffset + n);
            }
            metrics.linesRead(1, n);
            readOffset += n;
        }
        assembler.finish(readOffset);
        closeChannel();
        state = State.CLOSED;
    }

    void closeChannel() {
        try {
            channel.close();
        } catch (IOException e) {
            LOG.debug("closing {}: {}", path, e.toString());
        }
    }

    /** Logs the first malformed line of a file and then every 1000th, so a broken file cannot flood the log. */
    void malformed(String format, long offset, byte[] b, int start, int end) {
        long count = assembler.malformedLines();
        if (count == 1 || count % 1000 == 0) {
            String preview = new String(b, start, Math.min(end - start, 120), StandardCharsets.UTF_8).replace("\n", "\\n");
            LOG.warn("{}: line at offset {} is not a container log line (checked as {}), skipped ({} so far in this file): {}", path,
                    offset, format, count, preview);
        }
    }

    private static int indexOfNewline(byte[] a, int from, int to) {
        for (int i = from; i < to; i++) {
            if (a[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    /** The fingerprint is taken again while the file is shorter than a full one, until it is complete. */
    void refreshFingerprint() throws IOException {
        if (!fingerprint.isFinal() && channel.isOpen()) {
            Fingerprint now = Fingerprint.of(channel);
            if (now.length() > fingerprint.length()) {
                fingerprint = now;
            }
        }
    }

    /** True when the file still starts with the bytes it started with (false after an in-place truncation). */
    boolean sameContent() throws IOException {
        return fingerprint.matches(channel);
    }

    /** Nothing of this file is waiting: no open partial line, no unsealed record, every batch acknowledged. */
    boolean idle() {
        return unsealedRecords == 0 && !assembler.hasOpenPartial() && progress.settled();
    }

    void markState(State s) {
        state = s;
    }

    boolean quietFor(long nowNanos, long nanos) {
        return nowNanos - lastChangeNanos >= nanos;
    }

    long lastSize() {
        return lastSize;
    }

    public Path path() {
        return path;
    }

    /** Kubernetes attributes from the path, or null outside the kubelet's layout. */
    public PodLogPath pod() {
        return pod;
    }

    public FileIdentity identity() {
        return identity;
    }

    public Fingerprint fingerprint() {
        return fingerprint;
    }

    public DeliveryProgress progress() {
        return progress;
    }

    public State state() {
        return state;
    }

    public long readOffset() {
        return readOffset;
    }

    LineAssembler assembler() {
        return assembler;
    }

    FileChannel channel() {
        return channel;
    }

    /** Called by the batcher when a record of this file joins the open batch. */
    public void recordBuffered() {
        unsealedRecords++;
    }

    /** Called by the batcher when the open batch holding {@code n} records of this file is sealed. */
    public void recordsSealed(int n) {
        unsealedRecords -= n;
    }

    @Override
    public String toString() {
        return path + " (" + identity + ")";
    }
}
