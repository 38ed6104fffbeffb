package dev.pharos.process.pipeline;

import dev.pharos.store.ClickHouse;
import dev.pharos.store.ClickHouseException;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends sealed batches to the engine, oldest first, one at a time (the embedded engine has one
 * write connection). A failed insert is retried with the same deduplication token, with backoff,
 * for as long as the failure looks transient; a batch the engine refuses for its content is
 * dropped after a few attempts and counted.
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

    Inserter(ClickHouse clickHouse, String database, MemoryBudget budget, BatchPool pool, IngestMetrics metrics) {
        this.clickHouse = clickHouse;
        this.database = database;
        this.budget = budget;
        this.pool = pool;
        this.metrics = metrics;
    }

    void enqueue(SealedBatch b) {
        queue.addLast(b);
    }

    int queued() {
        return queue.size();
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
        return true;
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
                insert(b);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            SealedBatch b;
            while ((b = queue.pollFirst()) != null) {
                drop(b, "shutdown");
            }
        }
    }

    private void insert(SealedBatch b) throws InterruptedException {
        String table = b.batch().table();
        long start = System.nanoTime();
        long backoff = FIRST_BACKOFF_MS;
        int contentErrors = 0;
        while (true) {
            try {
                clickHouse.insert(database + "." + table, b.batch().block(), b.token());
                failing = false;
                long now = System.nanoTime();
                metrics.inserted(b.signal(), table, b.rows(), (now - start) / 1e9, (now - b.firstRowAtNanos()) / 1e9);
                release(b);
                return;
            } catch (ClickHouseException e) {
                failing = true;
                if (!e.isTransient() && ++contentErrors >= CONTENT_ERROR_ATTEMPTS) {
                    log.error("ClickHouse refused a batch of {} rows for {} {} times; dropping it: {}", b.rows(), table,
                            contentErrors, e.getMessage());
                    drop(b, "insert_failed");
                    return;
                }
                log.warn("insert of {} rows into {} failed (will retry in {} ms): {}", b.rows(), table, backoff, e.getMessage());
            } catch (RuntimeException e) {
                failing = true;
                log.warn("insert of {} rows into {} failed (will retry in {} ms): {}", b.rows(), table, backoff, e.toString());
            }
            metrics.retried(table);
            if (System.nanoTime() + backoff * 1_000_000 > giveUpAtNanos) {
                log.error("shutting down with the engine failing; dropping {} rows for {}", b.rows(), table);
                drop(b, "shutdown");
                return;
            }
            Thread.sleep(backoff);
            backoff = Math.min(MAX_BACKOFF_MS, backoff * 2);
        }
    }

    private void drop(SealedBatch b, String reason) {
        metrics.dropped(b.signal(), reason, b.rows());
        release(b);
    }

    private void release(SealedBatch b) {
        budget.release(b.bytes());
        pool.giveBack(b.batch());
    }
}
