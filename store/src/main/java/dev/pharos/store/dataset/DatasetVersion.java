package dev.pharos.store.dataset;

/**
 * One table of a dataset. A dataset gets a new version when its columns, sorting key or indexes
 * change; older versions stay queryable until their rows expire.
 *
 * @param createdAtMillis when this version started receiving rows
 * @param retiredAtMillis when it stopped (a newer version took over, or the dataset left the config); 0 while current
 * @param minTimeSeconds earliest row time stored (TimestampTime), 0 when empty
 * @param maxTimeSeconds latest row time stored, 0 when empty
 */
public record DatasetVersion(String dataset, int version, String table, String layout, int retentionDays,
                             long createdAtMillis, long retiredAtMillis, long minTimeSeconds, long maxTimeSeconds) {

    public boolean current() {
        return retiredAtMillis == 0;
    }

    /**
     * Whether rows between the two times (epoch seconds) can be in this table. A current version can
     * still receive any time; a retired one holds exactly what its parts say.
     */
    public boolean mayHold(long fromSeconds, long toSeconds) {
        if (current()) {
            return true;
        }
        if (minTimeSeconds == 0 && maxTimeSeconds == 0) {
            return false;
        }
        return maxTimeSeconds >= fromSeconds && minTimeSeconds <= toSeconds;
    }
}
