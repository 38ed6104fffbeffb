package dev.pharos.query.logs;

import dev.pharos.query.QueryStats;
import java.util.List;
import java.util.Map;

/**
 * Counts of matching logs over time, split by severity level.
 *
 * @param stepSeconds bucket width; buckets start at multiples of it since the epoch
 * @param buckets every bucket of the window, empty ones included, oldest first
 */
public record LogHistogram(long stepSeconds, List<Bucket> buckets, long total, String sql, QueryStats stats) {

    /** @param start bucket start, ISO-8601 UTC */
    public record Bucket(String start, long startUnix, long total, Map<String, Long> bySeverity) {}
}
