package dev.pharos.query.alerting;

import java.util.List;

/**
 * Receives the alerts a rule evaluation decided to send, with Prometheus's resend logic already
 * applied: firing alerts again every resend delay with {@code endsAt} in the future, resolved alerts
 * with {@code endsAt} = when they resolved. Called from group threads: it must queue, not block on the
 * network. See {@link dev.pharos.query.alerting.notify.AlertmanagerNotifier} and
 * {@link dev.pharos.query.alerting.notify.WebhookNotifier}.
 */
@FunctionalInterface
public interface Notifier {

    void send(List<NotifierAlert> alerts);

    static Notifier none() {
        return alerts -> { };
    }

    /** Hands every batch to each of {@code notifiers}. */
    static Notifier all(List<Notifier> notifiers) {
        List<Notifier> copy = List.copyOf(notifiers);
        return alerts -> copy.forEach(n -> n.send(alerts));
    }
}
