package dev.pharos.process.otlp;

/**
 * Per-record checks applied while mapping.
 *
 * @param maxAttributes most entries one attribute map of a record may have; beyond it the record is refused
 *     rather than truncated, so nothing is lost without the sender being told
 * @param oldestNanos records stamped before this (Unix nanoseconds) are refused: the table's TTL would
 *     delete them at once, a silent loss otherwise; {@code Long.MIN_VALUE} accepts everything
 * @param nowNanos the receive time, used as the timestamp of log records that carry none
 * @param tenants which tenant each resource's records belong to
 */
public record RecordRules(int maxAttributes, long oldestNanos, long nowNanos, TenantStamp tenants) {

    public static final int DEFAULT_MAX_ATTRIBUTES = 1024;

    public RecordRules {
        if (maxAttributes < 1) {
            throw new IllegalArgumentException("maxAttributes must be positive");
        }
    }

    /** Rules for now with the given retention in days (0 = forever). */
    public static RecordRules forRetention(int maxAttributes, int retentionDays, TenantStamp tenants) {
        long now = System.currentTimeMillis() * 1_000_000L;
        long oldest = retentionDays == 0 ? Long.MIN_VALUE : now - retentionDays * 86_400_000_000_000L;
        return new RecordRules(maxAttributes, oldest, now, tenants);
    }

    public boolean tooOld(long unixNanos) {
        return unixNanos < oldestNanos;
    }
}
