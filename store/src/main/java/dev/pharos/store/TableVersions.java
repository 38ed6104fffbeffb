package dev.pharos.store;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A number per table that changes whenever the table may have changed through this process's
 * {@link VersionedClickHouse}: after every insert into it (committed or failed: a failed insert may
 * still have committed) and after every other statement (DDL, OPTIMIZE...), which counts for every
 * table. The engine's own background work (merges, TTL deletes) does not move it: it never adds
 * rows a reader has not seen. A reader caches what it read from a table with the number it saw before reading, and
 * trusts the cache while the number stays the same. Only sound when this process is the table's
 * only writer, as with the embedded engine, whose data directory one process holds at a time, and
 * for tables no materialized view writes into (an insert into a view's source table moves the
 * source's number, not the view target's).
 */
public final class TableVersions {

    private final AtomicLong statements = new AtomicLong();
    private final ConcurrentHashMap<String, AtomicLong> inserts = new ConcurrentHashMap<>();

    /** The table's number now; two equal numbers mean no write in between. */
    public long version(String qualifiedTable) {
        AtomicLong n = inserts.get(qualifiedTable);
        // Both counters only grow, so their sum changes whenever either does.
        return statements.get() + (n == null ? 0 : n.get());
    }

    void inserted(String qualifiedTable) {
        inserts.computeIfAbsent(qualifiedTable, t -> new AtomicLong()).incrementAndGet();
    }

    void executed() {
        statements.incrementAndGet();
    }
}
