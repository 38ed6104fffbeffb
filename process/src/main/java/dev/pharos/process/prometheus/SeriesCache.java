package dev.pharos.process.prometheus;

import dev.pharos.store.batch.PromBatches;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Which series had a {@code prom_series} row written for which hour, so that row is written once
 * an hour per series instead of with every sample. Asked once per series of every request, by every
 * decoding thread, so it is built for that: one long per entry (the series key's upper 48 bits and
 * the hour), in sets of eight that share a cache line, no locks and no boxing. A
 * {@code ConcurrentHashMap<Long, Integer>} took 37% of the decoding threads' CPU in remote-write
 * ingest, chasing pointers. When a set is full, or two threads race for a slot, an entry is lost:
 * that series' row is written again (the table merges duplicates); a row is never skipped, since an
 * entry is only ever found for the key and hour it was written for.
 */
public final class SeriesCache {

    private static final int WAYS = 8;
    /**
     * The hour is kept modulo 2^16 (7.5 years): an entry could only be mistaken for another hour's if its series sent
     * nothing for exactly that long while the server ran and the entry stayed. The other 48 bits keep the key's upper
     * bits, and the set index its lower bits, at least 16 of them, so together they hold the whole key: two series
     * never share an entry.
     */
    private static final int HOUR_BITS = 16;
    private static final long HOUR_MASK = (1L << HOUR_BITS) - 1;

    private final int sets;
    private final int setMask;
    /** Allocated on first use (8 bytes a slot): a server that receives no metrics pays nothing. */
    private volatile AtomicLongArray slots;

    /**
     * Room for about {@code capacity} series (rounded up to a power of two, twice over, for fewer evictions), and at
     * least 2^16 sets (4 MiB) so that the set index and the stored bits cover the whole key.
     */
    public SeriesCache(int capacity) {
        if (capacity < 1 || capacity > 1 << 24) {
            throw new IllegalArgumentException("capacity out of range: " + capacity);
        }
        int sets = Math.max(1 << HOUR_BITS, Integer.highestOneBit(Math.max(1, capacity * 2 / WAYS - 1)) << 1);
        this.sets = sets;
        this.setMask = sets - 1;
    }

    /** True when the series (fingerprint within a tenant) needs its row for the hour holding {@code timeMs}; records that it has it. */
    boolean needsRow(long tenantHash, long fingerprint, long timeMs) {
        long key = fingerprint ^ (tenantHash * 0x9E3779B97F4A7C15L);
        long hour = Math.floorDiv(timeMs, PromBatches.Series.SPAN_MS) & HOUR_MASK;
        // The set comes from the key's lower bits (16 or more), the stored tag from its upper 48: together, all 64.
        long tag = key & ~HOUR_MASK;
        long entry = tag | hour;
        if (entry == 0) {
            return true; // an empty slot reads as 0: this one key and hour are never remembered
        }
        AtomicLongArray slots = slots();
        int base = (int) (key & setMask) * WAYS;
        int free = -1;
        for (int i = base; i < base + WAYS; i++) {
            long e = slots.get(i);
            if (e == entry) {
                return false;
            }
            if ((e & ~HOUR_MASK) == tag || (e == 0 && free < 0)) {
                free = i;
                if (e != 0) {
                    break;
                }
            }
        }
        // The key's own slot (another hour), else an empty one, else one chosen by the key's top bits, which are never
        // part of the set index (at most 2^22 sets): keys of one set then evict different slots.
        slots.set(free >= 0 ? free : base + (int) (key >>> 61), entry);
        return true;
    }

    private AtomicLongArray slots() {
        AtomicLongArray s = slots;
        if (s == null) {
            synchronized (this) {
                s = slots;
                if (s == null) {
                    s = new AtomicLongArray(sets * WAYS);
                    slots = s;
                }
            }
        }
        return s;
    }
}
