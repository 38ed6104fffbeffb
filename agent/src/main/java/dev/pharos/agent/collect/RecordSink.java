package dev.pharos.agent.collect;

/**
 * Where the tailer puts complete log records, and how it learns to stop reading: the forward
 * side's batcher. Called only from the tailing thread.
 */
public interface RecordSink {

    /**
     * One record. The body is only valid during the call.
     *
     * @param safeOffset where reading must restart if this is the last record delivered (before any open partial line)
     * @param endOffset the file offset just after the record's last line
     */
    void accept(TailedFile source, long timeUnixNanos, LogStream stream, byte[] body, int offset, int length, long safeOffset,
                long endOffset);

    /** Called on every pass of the tailing loop, so an open batch is sent by age while the files are quiet. */
    void tick(long nanoTime);

    /** Seals what is open (the tailer is stopping). */
    void flush();

    /**
     * False while the forward side holds as much as it may. The tailer then stops reading: the log
     * files are the durable buffer, so waiting loses nothing.
     */
    boolean hasRoom();

    /** Waits up to {@code nanos} for room. */
    void awaitRoom(long nanos) throws InterruptedException;
}
