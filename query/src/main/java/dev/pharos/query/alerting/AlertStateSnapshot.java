package dev.pharos.query.alerting;

import java.util.List;
import java.util.Map;

/**
 * The alert state a {@link StateStore} keeps across restarts: for every alerting rule, when it last
 * evaluated and since when each of its pending or firing alerts has been active. It plays the part of
 * Prometheus's ALERTS_FOR_STATE series: on start, pending alerts get their old activeAt back (see
 * {@link ForStateRestorer}), so a restart does not reset the {@code for} clock.
 */
public record AlertStateSnapshot(long savedAtMs, List<SavedRule> rules) {

    public AlertStateSnapshot {
        rules = List.copyOf(rules);
    }

    public static AlertStateSnapshot empty() {
        return new AlertStateSnapshot(0, List.of());
    }

    /**
     * @param lastSampleMs the timestamp of the rule's last ALERTS_FOR_STATE output (evaluation time less query offset)
     */
    public record SavedRule(String file, String group, String rule, Map<String, String> ruleLabels, long lastSampleMs,
            List<SavedAlert> alerts) {

        public SavedRule {
            ruleLabels = Map.copyOf(ruleLabels);
            alerts = List.copyOf(alerts);
        }
    }

    /** @param state "pending" or "firing" */
    public record SavedAlert(Map<String, String> labels, String state, long activeAtMs) {

        public SavedAlert {
            labels = Map.copyOf(labels);
        }
    }

    SavedRule find(String file, String group, RuleSpec rule) {
        for (SavedRule r : rules) {
            if (r.file().equals(file) && r.group().equals(group) && r.rule().equals(rule.name()) && r.ruleLabels().equals(rule.labels())) {
                return r;
            }
        }
        return null;
    }
}
