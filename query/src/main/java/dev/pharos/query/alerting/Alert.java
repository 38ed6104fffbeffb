package dev.pharos.query.alerting;

import dev.pharos.query.promql.storage.Labels;
import java.util.Map;

/**
 * The state of one alert instance (one label set of one alerting rule), as Prometheus's rules.Alert.
 * Times are Unix milliseconds, 0 for "never". Mutated only by its rule, under the rule's lock.
 */
final class Alert {

    AlertState state;
    final Labels labels;
    Map<String, String> annotations;
    double value;
    /** Since when the expression has returned this label set. */
    long activeAt;
    long firedAt;
    /** 0 while active; set when it stopped being returned (and keep_firing_for ran out). */
    long resolvedAt;
    long lastSentAt;
    long validUntil;
    /** When the expression stopped returning it while keep_firing_for holds it firing. */
    long keepFiringSince;

    Alert(Labels labels, Map<String, String> annotations, long activeAt, double value) {
        this.state = AlertState.PENDING;
        this.labels = labels;
        this.annotations = annotations;
        this.activeAt = activeAt;
        this.value = value;
    }

    /** Prometheus's needsSending: never pending; resolved since the last send; or the resend delay passed. */
    boolean needsSending(long ts, long resendDelayMs) {
        if (state == AlertState.PENDING) {
            return false;
        }
        if (resolvedAt > lastSentAt) {
            return true;
        }
        return lastSentAt + resendDelayMs < ts;
    }

    AlertInstance snapshot() {
        return new AlertInstance(RuleLabels.map(labels), annotations, state, activeAt, firedAt, resolvedAt, keepFiringSince, value);
    }
}
