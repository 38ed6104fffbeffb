package dev.pharos.process.pipeline;

import dev.pharos.store.batch.TableBatch;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/** Inserted batches, reset and kept for reuse so their column buffers are not reallocated for every batch. */
final class BatchPool {

    private static final int KEEP_PER_TABLE = 2;

    private final Map<String, ArrayDeque<TableBatch>> free = new HashMap<>();

    @SuppressWarnings("unchecked")
    synchronized <B extends TableBatch> B take(String table, Supplier<B> fresh) {
        ArrayDeque<TableBatch> q = free.get(table);
        TableBatch b = q == null ? null : q.pollFirst();
        return b != null ? (B) b : fresh.get();
    }

    void giveBack(TableBatch batch) {
        batch.reset();
        synchronized (this) {
            ArrayDeque<TableBatch> q = free.computeIfAbsent(batch.table(), t -> new ArrayDeque<>());
            if (q.size() < KEEP_PER_TABLE) {
                q.addLast(batch);
            }
        }
    }
}
