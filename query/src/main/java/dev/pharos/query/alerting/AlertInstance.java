package dev.pharos.query.alerting;

import java.util.Map;

/**
 * A copy of one alert's state for the API and for persisting. Times are Unix milliseconds, 0 for never.
 *
 * @param resolvedAt when it stopped firing; resolved alerts stay listed (as inactive) for 15 minutes so
 *                   that their resolution keeps being sent
 */
public record AlertInstance(Map<String, String> labels, Map<String, String> annotations, AlertState state, long activeAt, long firedAt,
        long resolvedAt, long keepFiringSince, double value) {

    /** Pending or firing: what /api/v1/alerts lists. */
    public boolean active() {
        return resolvedAt == 0;
    }
}
