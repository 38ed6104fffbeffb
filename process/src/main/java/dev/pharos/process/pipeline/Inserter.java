package dev.pharos.process.pipeline;

import dev.pharos.process.pipeline.durable.DiskBuffer;
import dev.pharos.process.pipeline.durable.FsyncPolicy;
import dev.pharos.process.pipeline.durable.WalBatch;
import dev.pharos.store.ClickHouse;
import dev.pharos.store.ClickHouseException;
import dev.pharos.store.batch.TableBatch;
import dev.pharos.store.nativeformat.NativeBlock;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends sealed batches to the engine, oldest first, one insert at a time (the embedded engine has
 * one write connection); batches that piled up behind a slow insert go together in the next one.
 * A failed insert is retried with the same deduplication token, with backoff, for as long as the
 * failure looks transient; a batch the engine refuses for its content is
 * dropped after a few attempts and counted.
 *
 * <p>With the disk buffer, a batch is first claimed from it (the size cap may have dropped it
 * while it waited), read back from disk if it was spilled, and its seal made durable (fsync
 * always) before the insert; a DONE record follows the insert. Batches left at shutdown stay on
 * disk for the next start instead of being dropped.
 */
final class Inserter implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(Inserter.class);
    private static final int CONTENT_ERROR_ATTEMPTS = 3;
    private static final long FIRST_BACKOFF_MS = 100;
    private static final long MAX_BACKOFF_MS = 5_000;

    private final ClickHouse clickHouse;
    private final String database;
    private final MemoryBudget budget;
    private final BatchPool pool;
    private final IngestMetrics metrics;
    private final LinkedBlockingDeque<SealedBatch> queue = new LinkedBlockingDeque<>();
    private volatile boolean stopping;
    private volatile long giveUpAtNanos = Long.MAX_VALUE;
    private volatile boolean failing;
    private final java.util.concurrent.atomic.AtomicInteger unfinished = new java.util.concurrent.atomic.AtomicInteger();
    /** Null when the disk buffer is off. */
    private final DiskBuffer journal;
    /** An empty batch of a table, to read a spilled batch back into. */
    private final Function<String, TableBatch> emptyBatch;

    Inserter(ClickHouse clickHouse, String database, MemoryBudget budget, BatchPool pool, IngestMetrics metrics) {
        this(clickHouse, database, budget, pool, metrics, null, null);
    }

    Inserter(ClickHouse clickHouse, String database, MemoryBudget budget, BatchPool pool, IngestMetrics metrics, DiskBuffer journal,
             Function<String, TableBatch> emptyBatch) {
        this.clickHouse = clickHouse;
        this.database = database;
        this.budget = budget;
        this.pool = pool;
        this.metrics = metrics;
        this.journal = journal;
        this.emptyBatch = emptyBatch;
    }

    void enqueue(SealedBatch b) {
        unfinished.incrementAndGet();
        queue.addLast(b);
    }

    /** Batches waiting or being inserted (a batch read back from disk holds no budget until then, so the budget cannot tell). */
    int queued() {
        return unfinished.get();
    }

    /** True while the last insert attempt failed: the engine is down or refusing writes. */
    boolean failing() {
        return failing;
    }

    /** Drops the oldest waiting batch (not the one being inserted); false when none is waiting. */
    boolean dropOldest() {
        SealedBatch b = queue.pollFirst();
        if (b == null) {
            return false;
        }
        drop(b, "buffer_full");
        unfinished.decrementAndGet();
        return true;
    }

    /**
     * Releases the newest waiting batch that is on disk from memory (it is read back for its
     * insert); the newest, because the oldest are inserted first. False when none is left in memory.
     */
    boolean spillNewest() {
        for (Iterator<SealedBatch> it = queue.descendingIterator(); it.hasNext(); ) {
            if (it.next().spill(budget, pool)) {
                journal.spilled();
                return true;
            }
        }
        return false;
    }

    /** Stops after the queue is empty or the grace period ends, whichever comes first. */
    void stop(long graceNanos) {
        giveUpAtNanos = System.nanoTime() + graceNanos;
        stopping = true;
    }

    @Override
    public void run() {
        try {
            while (true) {
                SealedBatch b = queue.pollFirst(100, TimeUnit.MILLISECONDS);
                if (b == null) {
                    if (stopping) {
                        return;
                    }
                    continue;
                }
                List<SealedBatch> group = groupBehind(b);
                try {
                    if (group.size() > 1) {
                        insert(group, UUID.randomUUID().toString());
                    } else if (b.wal() == null || prepare(b)) {
                        insert(group, b.token());
                    }
                } finally {
                    unfinished.addAndGet(-group.size());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            SealedBatch b;
            while ((b = queue.pollFirst()) != null) {
                abandon(b);
                unfinished.decrementAndGet();
            }
        }
    }

    /**
     * {@code first} and the batches of the same table waiting right behind it, up to
     * {@link PipelineOptions#MAX_BATCHES_PER_INSERT}: what piled up while the engine was busy goes
     * in as one insert. Only under a backlog, so latency at light load is unchanged. Batches in the
     * disk buffer go alone: after a crash they are replayed one by one with their own tokens, which
     * would not match a group's.
     */
    private List<SealedBatch> groupBehind(SealedBatch first) {
        if (first.wal() != null) {
            return List.of(first);
        }
        List<SealedBatch> group = new ArrayList<>(PipelineOptions.MAX_BATCHES_PER_INSERT);
        group.add(first);
        while (group.size() < PipelineOptions.MAX_BATCHES_PER_INSERT) {
            SealedBatch next = queue.pollFirst();
            if (next == null) {
                break;
            }
            if (next.wal() != null || !next.table().equals(first.table())) {
                queue.addFirst(next);
                break;
            }
            group.add(next);
        }
        return group;
    }

    /** Claims a disk-buffered batch and makes sure its rows are in memory and its seal on disk; false when it is gone. */
    private boolean prepare(SealedBatch b) {
        WalBatch w = b.wal();
        if (!w.claim()) {
            b.release(budget, pool); // dropped by the size cap while it waited, and counted there
            return false;
        }
        if (b.pin() == null) {
            TableBatch rows = emptyBatch.apply(b.table());
            try {
                journal.reload(w, rows);
            } catch (IOException e) {
                log.error("cannot read {} back from the disk buffer; dropping it: {}", w, e.getMessage());
                pool.giveBack(rows);
                drop(b, w.evicted() ? "disk_buffer_full" : "disk_buffer_unreadable");
                return false;
            }
            budget.force(rows.encodedBytes());
            b.loaded(rows);
        }
        if (journal.options().fsync() == FsyncPolicy.ALWAYS) {
            try {
                journal.awaitDurable(w.sealEnd());
            } catch (IOException e) {
                log.warn("disk buffer: fsync before inserting {} failed: {}", w, e.toString());
            }
        }
        return true;
    }

    /** Inserts the batches as one statement with {@code token}, retrying transient failures with the same token. */
    private void insert(List<SealedBatch> group, String token) throws InterruptedException {
        SealedBatch first = group.getFirst();
        String table = first.table();
        int rows = 0;
        List<NativeBlock> blocks = new ArrayList<>(group.size());
        for (SealedBatch b : group) {
            rows += b.rows();
            blocks.add(b.batch().block());
        }
        long start = System.nanoTime();
        long backoff = FIRST_BACKOFF_MS;
        int contentErrors = 0;
        while (true) {
            try {
                clickHouse.insert(database + "." + table, blocks, token);
                failing = false;
                long now = System.nanoTime();
                metrics.inserted(first.signal(), table, rows, (now - start) / 1e9, (now - first.firstRowAtNanos()) / 1e9);
                for (SealedBatch b : group) {
                    if (b.wal() != null) {
                        journal.done(b.wal(), true);
                    }
                    b.release(budget, pool);
                }
                return;
            } catch (ClickHouseException e) {
                failing = true;
                if (!e.isTransient() && group.size() > 1) {
                    // Nothing of a refused statement is stored: each batch alone, so only the bad one is dropped.
                    log.warn("ClickHouse refused {} batches ({} rows) for {} inserted together; inserting them one by one: {}",
                            group.size(), rows, table, e.getMessage());
                    for (SealedBatch b : group) {
                        insert(List.of(b), b.token());
                    }
                    return;
                }
                if (!e.isTransient() && ++contentErrors >= CONTENT_ERROR_ATTEMPTS) {
                    log.error("ClickHouse refused a batch of {} rows for {} {} times; dropping it: {}", rows, table,
                            contentErrors, e.getMessage());
                    drop(first, "insert_failed");
                    return;
                }
                log.warn("insert of {} rows into {} failed (will retry in {} ms): {}", rows, table, backoff, e.getMessage());
            } catch (RuntimeException e) {
                failing = true;
                log.warn("insert of {} rows into {} failed (will retry in {} ms): {}", rows, table, backoff, e.toString());
            }
            metrics.retried(table);
            if (System.nanoTime() + backoff * 1_000_000 > giveUpAtNanos) {
                log.error("shutting down with the engine failing; {} {} rows for {}", first.wal() != null && !first.wal().evicted()
                        ? "keeping in the disk buffer" : "dropping", rows, table);
                for (SealedBatch b : group) {
                    abandon(b);
                }
                return;
            }
            Thread.sleep(backoff);
            backoff = Math.min(MAX_BACKOFF_MS, backoff * 2);
        }
    }

    private void drop(SealedBatch b, String reason) {
        metrics.dropped(b.signal(), reason, b.rows());
        if (b.wal() != null) {
            journal.done(b.wal(), false);
        }
        b.release(budget, pool);
    }

    /**
     * A batch still waiting at shutdown: dropped and counted, unless the disk buffer holds it
     * whole, where it stays (no DONE record) and is inserted at the next start.
     */
    private void abandon(SealedBatch b) {
        WalBatch w = b.wal();
        if (w == null || w.evicted()) {
            drop(b, w == null ? "shutdown" : "disk_buffer_full");
        } else {
            b.release(budget, pool); // on disk (or dropped by the size cap while waiting, and counted there)
        }
    }
}
