package dev.pharos.process.prometheus;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Which series had a {@code prom_series} row written for which hour, so that row is written once
 * an hour per series instead of with every sample. Bounded: when full it forgets everything,
 * which costs one extra row per series, not correctness (the table merges duplicates).
 */
public final class SeriesCache {

    private final ConcurrentHashMap<Long, Integer> writtenHour = new ConcurrentHashMap<>();
    private final int capacity;

    public SeriesCache(int capacity) {
        this.capacity = capacity;
    }

    /** True when the series (fingerprint within a tenant) needs its row for the hour holding {@code timeMs}; records that it has it. */
    boolean needsRow(long tenantHash, long fingerprint, long timeMs) {
        long key = fingerprint ^ (tenantHash * 0x9E3779B97F4A7C15L);
        int hour = (int) Math.floorDiv(timeMs, 3_600_000L);
        Integer had = writtenHour.put(key, hour);
        if (writtenHour.size() > capacity) {
            writtenHour.clear();
        }
        return had == null || had != hour;
    }
}
