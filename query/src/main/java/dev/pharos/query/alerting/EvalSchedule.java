package dev.pharos.query.alerting;

import dev.pharos.query.promql.storage.Labels;

/**
 * When a group evaluates: at fixed slots {@code interval} apart, shifted by an offset derived from the
 * group's name and file (Prometheus's hash of the labels {file, name}, modulo the interval), so groups
 * with the same interval spread over it instead of all running at the top of the minute.
 */
public final class EvalSchedule {

    private EvalSchedule() {}

    /** The group's offset within its interval, in nanoseconds, as Prometheus computes it. */
    public static long offsetNanos(String file, String name, long intervalMs) {
        long interval = intervalMs * 1_000_000L;
        return Long.remainderUnsigned(Labels.of("name", name, "file", file).hash(), interval);
    }

    /**
     * Prometheus's EvalTimestamp: the latest slot at or before {@code nowMs}. In whole milliseconds: the
     * sample timestamps are the same as Prometheus's, which truncates its nanosecond slots to milliseconds.
     */
    public static long slotAtOrBefore(long nowMs, long intervalMs, long offsetNanos) {
        long offsetMs = Math.floorDiv(offsetNanos, 1_000_000L);
        long adjNow = nowMs - offsetMs;
        return adjNow - Math.floorMod(adjNow, intervalMs) + offsetMs;
    }
}
