package dev.pharos.process.pipeline.durable;

import dev.pharos.process.pipeline.Signal;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What the disk buffer knows of one table batch: where its rows are on disk (the LSN of every
 * APPEND record that holds some), its deduplication token once sealed, and where it is in its
 * life. The rows themselves are not kept here; a spilled batch is read back from these positions.
 */
public final class WalBatch {

    /** OPEN: being filled. SEALED: waiting for the inserter. INSERTING: the inserter has it. DONE: inserted or dropped. */
    public enum State { OPEN, SEALED, INSERTING, DONE }

    private final long id;
    private final Signal signal;
    private final String table;
    private final int layout;
    private final AtomicReference<State> state;
    private long[] appends = new long[4];
    private int appendCount;
    private int rows;
    private long firstLsn = -1;
    private long sealLsn = -1;
    private long sealEnd = -1;
    private volatile String token;
    /** The size cap deleted part of its rows while the inserter held it; see DiskBuffer#enforceCapLocked. */
    private volatile boolean evicted;

    WalBatch(long id, Signal signal, String table, int layout, State state) {
        this.id = id;
        this.signal = signal;
        this.table = table;
        this.layout = layout;
        this.state = new AtomicReference<>(state);
    }

    public long id() {
        return id;
    }

    public Signal signal() {
        return signal;
    }

    public String table() {
        return table;
    }

    int layout() {
        return layout;
    }

    /** Rows written to disk for this batch. */
    public int rows() {
        return rows;
    }

    /** The insert deduplication token, the same on every replay; null until sealed. */
    public String token() {
        return token;
    }

    public State state() {
        return state.get();
    }

    /** True once the size cap removed (part of) its rows from disk: it can no longer be read back. */
    public boolean evicted() {
        return evicted;
    }

    void evict() {
        evicted = true;
    }

    /** LSN of its first APPEND; the disk buffer keeps every segment from here on while the batch is not done. */
    long firstLsn() {
        return firstLsn;
    }

    long sealLsn() {
        return sealLsn;
    }

    /** The LSN after its SEAL record: once durable, so is every row of the batch and its token. */
    public long sealEnd() {
        return sealEnd;
    }

    /** A request put {@code n} rows in the APPEND record at {@code lsn}. Called under the disk buffer's lock. */
    void appended(long lsn, int n) {
        if (appendCount == appends.length) {
            appends = Arrays.copyOf(appends, appendCount * 2);
        }
        appends[appendCount++] = lsn;
        rows += n;
        if (firstLsn < 0) {
            firstLsn = lsn;
        }
    }

    /** Takes back the last {@link #appended} (its write failed). */
    void unappended(int n) {
        appendCount--;
        rows -= n;
        if (appendCount == 0) {
            firstLsn = -1;
        }
    }

    int appendCount() {
        return appendCount;
    }

    long append(int i) {
        return appends[i];
    }

    void sealed(String token, long lsn, long end) {
        this.token = token;
        this.sealLsn = lsn;
        this.sealEnd = end;
        state.compareAndSet(State.OPEN, State.SEALED);
    }

    /** The inserter takes the batch; false when the size cap dropped it meanwhile. */
    public boolean claim() {
        return state.compareAndSet(State.SEALED, State.INSERTING);
    }

    /** Moves to {@code to} if the batch is in {@code from}. */
    boolean move(State from, State to) {
        return state.compareAndSet(from, to);
    }

    void done() {
        state.set(State.DONE);
    }

    @Override
    public String toString() {
        return "batch " + id + " of " + table + " (" + rows + " rows, " + state.get() + ")";
    }
}
