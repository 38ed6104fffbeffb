package dev.pharos.query.alerting;

import java.util.HashMap;
import java.util.Map;

/**
 * Prometheus's RestoreForState over a saved {@link AlertStateSnapshot}: after a start, once a group
 * has evaluated twice, each alert that is pending again and was active before gets back an activeAt
 * such that:
 * <ul>
 *   <li>an alert that had already waited its whole {@code for} fires at the next evaluation;</li>
 *   <li>one with less than the grace period left fires after the grace period (no firing storm at start);</li>
 *   <li>otherwise the time Pharos was down is not counted: it fires when it would have, shifted by the outage.</li>
 * </ul>
 * Rules whose {@code for} is shorter than the grace period are not restored (they fire soon enough),
 * and state older than the outage tolerance is ignored. Times are in whole seconds as Prometheus
 * stores them in ALERTS_FOR_STATE.
 */
final class ForStateRestorer {

    private ForStateRestorer() {}

    static void restore(RuleGroup group, AlertStateSnapshot snapshot, long nowMs, long outageToleranceMs, long gracePeriodMs) {
        for (Rule rule : group.rules()) {
            if (!(rule instanceof AlertRule ar) || ar.restored()) {
                continue;
            }
            long hold = ar.spec().forMs();
            AlertStateSnapshot.SavedRule saved = snapshot.find(group.spec().file(), group.spec().name(), ar.spec());
            if (hold < gracePeriodMs || saved == null || saved.lastSampleMs() < nowMs - outageToleranceMs) {
                ar.setRestored(true);
                continue;
            }
            Map<Map<String, String>, AlertStateSnapshot.SavedAlert> byLabels = new HashMap<>();
            saved.alerts().forEach(a -> byLabels.put(a.labels(), a));
            long downAt = Math.floorDiv(saved.lastSampleMs(), 1000L) * 1000L;
            ar.forEachActive(a -> {
                AlertStateSnapshot.SavedAlert s = byLabels.get(a.labels.toMap());
                if (s == null) {
                    return;
                }
                long restoredActiveAt = Math.floorDiv(s.activeAtMs(), 1000L) * 1000L;
                long remaining = hold - (downAt - restoredActiveAt);
                if (remaining <= 0) {
                    // It was firing when Pharos went down: it fires again at the next evaluation.
                } else if (remaining < gracePeriodMs) {
                    restoredActiveAt = nowMs + gracePeriodMs - hold;
                } else {
                    restoredActiveAt += nowMs - downAt;
                }
                a.activeAt = restoredActiveAt;
            });
            ar.setRestored(true);
        }
    }
}
