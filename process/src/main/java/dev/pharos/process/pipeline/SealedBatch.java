package dev.pharos.process.pipeline;

import dev.pharos.process.pipeline.durable.WalBatch;
import dev.pharos.store.batch.TableBatch;
import java.util.UUID;

/**
 * A full table batch waiting for the engine. Its token makes retries idempotent: the engine
 * deduplicates a second insert with the same token, so a batch is never stored twice.
 *
 * <p>With the disk buffer on, the batch also has its {@link WalBatch} (its rows and token on disk)
 * and may be <em>spilled</em>: its rows leave memory to make room and are read back from disk
 * for the insert. The rows are held here, not in the record, because of that.
 */
final class SealedBatch {

    private final Signal signal;
    private final String table;
    private final int rows;
    private final String token;
    private final long firstRowAtNanos;
    private final WalBatch wal;
    private TableBatch batch;
    private long bytes;
    /** The inserter is using the rows: they may not be spilled. */
    private boolean pinned;

    private SealedBatch(Signal signal, String table, int rows, String token, long firstRowAtNanos, WalBatch wal, TableBatch batch) {
        this.signal = signal;
        this.table = table;
        this.rows = rows;
        this.token = token;
        this.firstRowAtNanos = firstRowAtNanos;
        this.wal = wal;
        this.batch = batch;
        this.bytes = batch == null ? 0 : batch.encodedBytes();
    }

    /** @param firstRowAtNanos when the batch's oldest row was accepted: its commit ends that row's wait */
    static SealedBatch of(Signal signal, TableBatch batch, long firstRowAtNanos) {
        return new SealedBatch(signal, batch.table(), batch.rows(), UUID.randomUUID().toString(), firstRowAtNanos, null, batch);
    }

    /** A batch whose rows are in the disk buffer too, sealed there with {@code token}. */
    static SealedBatch journaled(Signal signal, TableBatch batch, long firstRowAtNanos, WalBatch wal, String token) {
        return new SealedBatch(signal, batch.table(), batch.rows(), token, firstRowAtNanos, wal, batch);
    }

    /** A batch found in the disk buffer at start-up: not in memory until the inserter reads it back. */
    static SealedBatch recovered(WalBatch wal) {
        return new SealedBatch(wal.signal(), wal.table(), wal.rows(), wal.token(), System.nanoTime(), wal, null);
    }

    Signal signal() {
        return signal;
    }

    String table() {
        return table;
    }

    int rows() {
        return rows;
    }

    String token() {
        return token;
    }

    long firstRowAtNanos() {
        return firstRowAtNanos;
    }

    /** Its side in the disk buffer, or null when the buffer is off. */
    WalBatch wal() {
        return wal;
    }

    /** The rows, pinned in memory from now on; null when spilled (read them back, then {@link #loaded}). */
    synchronized TableBatch pin() {
        pinned = true;
        return batch;
    }

    /** The rows read back from disk; they count against the budget from now on ({@code budget} took {@code bytes} already). */
    synchronized void loaded(TableBatch rowsBack) {
        batch = rowsBack;
        bytes = rowsBack.encodedBytes();
        pinned = true;
    }

    synchronized TableBatch batch() {
        return batch;
    }

    /** Releases the rows from memory if the batch is on disk and the inserter does not hold it. */
    synchronized boolean spill(MemoryBudget budget, BatchPool pool) {
        if (wal == null || pinned || batch == null) {
            return false;
        }
        freeLocked(budget, pool);
        return true;
    }

    /** Gives its memory back (inserted or dropped). */
    synchronized void release(MemoryBudget budget, BatchPool pool) {
        if (batch != null) {
            freeLocked(budget, pool);
        }
    }

    private void freeLocked(MemoryBudget budget, BatchPool pool) {
        budget.release(bytes);
        pool.giveBack(batch);
        batch = null;
        bytes = 0;
    }
}
