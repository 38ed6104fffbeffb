package dev.pharos.query.alerting;

import java.time.Instant;
import java.util.Map;

/**
 * An alert as sent to Alertmanager (Prometheus's notifier.Alert): labels include {@code alertname};
 * {@code startsAt} is when it fired; {@code endsAt} is in the future while it fires (so Alertmanager
 * resolves it by itself if Pharos stops sending) and is the resolution time once it resolved.
 */
public record NotifierAlert(Map<String, String> labels, Map<String, String> annotations, Instant startsAt, Instant endsAt,
        String generatorURL) {

    public NotifierAlert {
        labels = RuleLabels.sorted(labels);
        annotations = RuleLabels.sorted(annotations);
    }

    /** Resolved when {@code endsAt} is not after {@code now}. */
    public boolean resolvedAt(Instant now) {
        return !endsAt.isAfter(now);
    }

    /** The same alert with more labels, those it already has winning (how external labels are added). */
    public NotifierAlert withLabelsIfAbsent(Map<String, String> extra) {
        if (extra.isEmpty()) {
            return this;
        }
        Map<String, String> merged = new java.util.HashMap<>(extra);
        merged.putAll(labels);
        return new NotifierAlert(merged, annotations, startsAt, endsAt, generatorURL);
    }
}
