package dev.pharos.process.pipeline;

import dev.pharos.process.pipeline.durable.DiskBuffer;
import dev.pharos.process.pipeline.durable.DiskBufferException;
import dev.pharos.process.pipeline.durable.WalBatch;
import dev.pharos.store.batch.TableBatch;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The open batches of one signal. There are several shards so that decoding threads fill
 * different batches instead of queueing on one lock; a shard is sealed (handed to the inserter)
 * when it reaches the row or byte limit, or by {@link #sealAged} when its first row gets too old.
 *
 * <p>With the disk buffer, a request's new rows are appended to it while the shard is still
 * locked, and a batch's seal is written there before the batch goes to the inserter: on disk, a
 * batch's rows always precede its seal, which is what lets a replay rebuild exactly that batch.
 *
 * @param <B> what a mapper writes into: one table batch, or the five metric tables together
 */
final class SignalBuffer<B> {

    private final Signal signal;
    private final Function<BatchPool, B> fresh;
    private final Function<B, List<TableBatch>> tables;
    private final Shard<B>[] shards;
    private final PipelineOptions options;
    private final MemoryBudget budget;
    private final BatchPool pool;
    private final Inserter inserter;
    /** Null when the disk buffer is off: then nothing here touches the disk. */
    private final DiskBuffer journal;

    private static final class Shard<B> {
        final ReentrantLock lock = new ReentrantLock();
        B open;
        /** The disk buffer's side of each table batch of {@link #open}, by position in the tables list. */
        WalBatch[] wal;
        long openedAtNanos;
        long accountedBytes;
        int rows;
    }

    @SuppressWarnings("unchecked")
    SignalBuffer(Signal signal, Function<BatchPool, B> fresh, Function<B, List<TableBatch>> tables, PipelineOptions options,
                 MemoryBudget budget, BatchPool pool, Inserter inserter) {
        this(signal, fresh, tables, options, budget, pool, inserter, null);
    }

    @SuppressWarnings("unchecked")
    SignalBuffer(Signal signal, Function<BatchPool, B> fresh, Function<B, List<TableBatch>> tables, PipelineOptions options,
                 MemoryBudget budget, BatchPool pool, Inserter inserter, DiskBuffer journal) {
        this.journal = journal;
        this.signal = signal;
        this.fresh = fresh;
        this.tables = tables;
        this.options = options;
        this.budget = budget;
        this.pool = pool;
        this.inserter = inserter;
        this.shards = new Shard[options.shards()];
        for (int i = 0; i < shards.length; i++) {
            shards[i] = new Shard<>();
        }
    }

    /**
     * Runs {@code writer} on an open batch of this signal, then seals the batch if it is full.
     *
     * @return with the disk buffer, the position to await (see {@link DiskBuffer#awaitDurable}) before acknowledging; else -1
     * @throws DiskBufferException when the rows could not be written to the disk buffer; they were taken back out of the batch
     */
    long write(Consumer<B> writer) {
        Shard<B> shard = lockShard();
        try {
            if (shard.open == null) {
                shard.open = fresh.apply(pool);
            }
            List<TableBatch> open = tables.apply(shard.open);
            for (TableBatch t : open) {
                t.mark();
            }
            try {
                writer.accept(shard.open);
            } catch (RuntimeException e) {
                // A malformed request found halfway: undo its rows, keep the batch and what others put in it.
                for (TableBatch t : open) {
                    t.rollback();
                }
                throw e;
            }
            long durableAt = -1;
            if (journal != null) {
                if (shard.wal == null) {
                    shard.wal = new WalBatch[open.size()];
                }
                try {
                    durableAt = journal.append(signal, open, shard.wal);
                } catch (IOException e) {
                    for (TableBatch t : open) {
                        t.rollback();
                    }
                    throw new DiskBufferException("the disk buffer cannot write: " + e.getMessage(), e);
                }
            }
            long bytes = 0;
            int rows = 0;
            for (TableBatch t : tables.apply(shard.open)) {
                bytes += t.encodedBytes();
                rows += t.rows();
            }
            budget.force(bytes - shard.accountedBytes);
            shard.accountedBytes = bytes;
            if (shard.rows == 0 && rows > 0) {
                shard.openedAtNanos = System.nanoTime();
            }
            shard.rows = rows;
            if (rows >= options.maxBatchRows() || bytes >= options.maxBatchBytes()) {
                seal(shard);
            }
            return durableAt;
        } finally {
            shard.lock.unlock();
        }
    }

    private Shard<B> lockShard() {
        int start = (int) (Thread.currentThread().threadId() % shards.length);
        for (int i = 0; i < shards.length; i++) {
            Shard<B> s = shards[(start + i) % shards.length];
            if (s.lock.tryLock()) {
                return s;
            }
        }
        Shard<B> s = shards[start];
        s.lock.lock();
        return s;
    }

    /** Seals every shard whose first row is older than the batch age limit (or every non-empty shard when {@code all}). */
    void sealAged(long nowNanos, boolean all) {
        sealAged(nowNanos, all, options.maxBatchAge().toNanos());
    }

    /** As {@link #sealAged(long, boolean)} with a shorter age limit, for readers who want the data sooner. */
    void sealAged(long nowNanos, boolean all, long maxAge) {
        for (Shard<B> s : shards) {
            if (s.rows == 0 || (!all && nowNanos - s.openedAtNanos < maxAge)) {
                continue;
            }
            if (all) {
                s.lock.lock();
            } else if (!s.lock.tryLock()) {
                continue;
            }
            try {
                if (s.rows > 0) {
                    seal(s);
                }
            } finally {
                s.lock.unlock();
            }
        }
    }

    private void seal(Shard<B> s) {
        List<TableBatch> open = tables.apply(s.open);
        for (int i = 0; i < open.size(); i++) {
            TableBatch t = open.get(i);
            if (t.rows() == 0) {
                pool.giveBack(t);
            } else if (journal == null) {
                inserter.enqueue(SealedBatch.of(signal, t, s.openedAtNanos));
            } else {
                WalBatch w = s.wal[i];
                inserter.enqueue(SealedBatch.journaled(signal, t, s.openedAtNanos, w, journal.seal(w)));
            }
        }
        s.open = null;
        s.wal = null;
        s.accountedBytes = 0;
        s.rows = 0;
    }
}
