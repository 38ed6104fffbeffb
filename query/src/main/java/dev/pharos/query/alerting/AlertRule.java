package dev.pharos.query.alerting;

import dev.pharos.query.alerting.template.Template;
import dev.pharos.query.alerting.template.TemplateData;
import dev.pharos.query.alerting.template.TemplateException;
import dev.pharos.query.promql.storage.Labels;
import dev.pharos.query.promql.value.Sample;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * An alerting rule with Prometheus's state machine (rules/alerting.go), per label set:
 * <ul>
 *   <li>returned by the expression for the first time: pending, activeAt = evaluation time;</li>
 *   <li>pending for at least {@code for}: firing ({@code for: 0} fires at the first evaluation);</li>
 *   <li>pending and no longer returned: forgotten at once;</li>
 *   <li>firing and no longer returned: kept firing while {@code keep_firing_for} has not run out since it
 *       stopped being returned, then inactive (resolved, resolvedAt set);</li>
 *   <li>resolved: kept for 15 minutes so that the resolution is sent again with every resend, then
 *       forgotten; returned again within that time, it starts over as a new pending alert.</li>
 * </ul>
 * Alert labels are the sample's labels without {@code __name__}, the rule's labels (templated) and
 * {@code alertname}. Each evaluation outputs {@code ALERTS{alertstate="pending"|"firing"} 1} and
 * {@code ALERTS_FOR_STATE} = activeAt in seconds for every pending or firing alert, once the rule's
 * state has been restored after a restart.
 */
public final class AlertRule implements Rule {

    /** Prometheus's resolvedRetention. */
    public static final long RESOLVED_RETENTION_MS = 15 * 60_000L;
    public static final String ALERTS = "ALERTS";
    public static final String ALERTS_FOR_STATE = "ALERTS_FOR_STATE";
    public static final String ALERT_NAME = "alertname";
    public static final String ALERT_STATE = "alertstate";

    private final RuleSpec spec;
    private final Map<String, String> externalLabels;
    private final String externalURL;
    private final Map<String, Template> labelTemplates = new LinkedHashMap<>();
    private final Map<String, Template> annotationTemplates = new LinkedHashMap<>();
    private final RuleStatus status = new RuleStatus();
    /** Pending, firing and recently resolved alerts by label set. Guarded by this. */
    private final Map<Labels, Alert> active = new LinkedHashMap<>();
    private volatile boolean restored;

    /**
     * @param restored false when the rule must wait for its state to be restored (the first load after
     *                 a start) before writing ALERTS series, true otherwise
     */
    public AlertRule(RuleSpec spec, Map<String, String> externalLabels, String externalURL, boolean restored) {
        if (spec.kind() != RuleSpec.Kind.ALERTING) {
            throw new IllegalArgumentException("not an alerting rule: " + spec.name());
        }
        this.spec = spec;
        this.externalLabels = Map.copyOf(externalLabels);
        this.externalURL = externalURL == null ? "" : externalURL;
        this.restored = restored;
        String name = "__alert_" + spec.name();
        spec.labels().forEach((k, v) -> labelTemplates.put(k, Template.parse(name, v)));
        spec.annotations().forEach((k, v) -> annotationTemplates.put(k, Template.parse(name, v)));
    }

    @Override
    public RuleSpec spec() {
        return spec;
    }

    @Override
    public RuleStatus status() {
        return status;
    }

    public boolean restored() {
        return restored;
    }

    void setRestored(boolean restored) {
        this.restored = restored;
    }

    @Override
    public List<Sample> eval(EvalContext ctx) throws RuleEvalException {
        long ts = ctx.timestampMs();
        List<Sample> result = RuleQuerying.run(spec.expr(), ctx);
        // Templates run outside the lock: they may query.
        Map<Labels, Alert> fresh = new LinkedHashMap<>();
        TemplateData.TemplateQuery query = expr -> ctx.queries().promql(expr, ts).stream()
                .map(s -> new TemplateData.QuerySample(s.labels().toMap(), s.value())).toList();
        for (Sample s : result) {
            TemplateData data = new TemplateData(s.labels().toMap(), externalLabels, externalURL, s.value(), query);
            Labels.Builder lb = s.labels().toBuilder().delete(Labels.METRIC_NAME);
            labelTemplates.forEach((k, t) -> lb.set(k, expand(t, data)));
            lb.set(ALERT_NAME, spec.name());
            Map<String, String> annotations = new LinkedHashMap<>();
            annotationTemplates.forEach((k, t) -> annotations.put(k, expand(t, data)));
            Labels labels = lb.build();
            if (fresh.containsKey(labels)) {
                throw new RuleEvalException("vector contains metrics with the same labelset after applying alert labels");
            }
            fresh.put(labels, new Alert(labels, RuleLabels.sorted(annotations), ts, s.value()));
        }
        synchronized (this) {
            return update(fresh, ts, ctx.queryTimeMs(), ctx.limit());
        }
    }

    private List<Sample> update(Map<Labels, Alert> fresh, long ts, long sampleTs, int limit) throws RuleEvalException {
        for (Map.Entry<Labels, Alert> e : fresh.entrySet()) {
            Alert existing = active.get(e.getKey());
            if (existing != null && existing.state != AlertState.INACTIVE) {
                existing.value = e.getValue().value;
                existing.annotations = e.getValue().annotations;
                continue;
            }
            active.put(e.getKey(), e.getValue());
        }
        List<Sample> out = new ArrayList<>();
        int activePending = 0;
        for (Iterator<Map.Entry<Labels, Alert>> it = active.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Labels, Alert> e = it.next();
            Alert a = e.getValue();
            if (!fresh.containsKey(e.getKey())) {
                boolean keepFiring = false;
                if (a.state == AlertState.FIRING && spec.keepFiringForMs() > 0) {
                    if (a.keepFiringSince == 0) {
                        a.keepFiringSince = ts;
                    }
                    keepFiring = ts - a.keepFiringSince < spec.keepFiringForMs();
                }
                if (a.state == AlertState.PENDING || (a.resolvedAt != 0 && ts - a.resolvedAt > RESOLVED_RETENTION_MS)) {
                    it.remove();
                }
                if (a.state != AlertState.INACTIVE && !keepFiring) {
                    a.state = AlertState.INACTIVE;
                    a.resolvedAt = ts;
                }
                if (!keepFiring) {
                    continue;
                }
            } else {
                a.keepFiringSince = 0;
            }
            activePending++;
            if (a.state == AlertState.PENDING && ts - a.activeAt >= spec.forMs()) {
                a.state = AlertState.FIRING;
                a.firedAt = ts;
            }
            if (restored) {
                out.add(alertsSample(a, sampleTs));
                out.add(forStateSample(a, sampleTs));
            }
        }
        if (limit > 0 && activePending > limit) {
            active.clear();
            throw new RuleEvalException("exceeded limit of " + limit + " with " + activePending + " alerts");
        }
        return out;
    }

    /** As Prometheus: a template that fails to run gives an error text, not a failed evaluation. */
    private static String expand(Template t, TemplateData data) {
        try {
            return t.execute(data);
        } catch (TemplateException e) {
            return "<error expanding template: error executing template " + t.name() + ": " + e.getMessage() + ">";
        }
    }

    /** The rule's labels under the alert's (templated) labels, then name, alertname and state, as Prometheus builds it. */
    private Labels.Builder seriesLabels(Alert a, String metric) {
        Labels.Builder b = Labels.fromMap(spec.labels()).toBuilder();
        for (int i = 0; i < a.labels.size(); i++) {
            b.set(a.labels.name(i), a.labels.value(i));
        }
        return b.set(Labels.METRIC_NAME, metric).set(ALERT_NAME, spec.name());
    }

    private Sample alertsSample(Alert a, long t) {
        return new Sample(seriesLabels(a, ALERTS).set(ALERT_STATE, a.state.apiName()).build(), t, 1);
    }

    private Sample forStateSample(Alert a, long t) {
        return new Sample(seriesLabels(a, ALERTS_FOR_STATE).build(), t, Math.floorDiv(a.activeAt, 1000L));
    }

    /**
     * The alerts to hand to the notifier after an evaluation at {@code ts}: Prometheus's sendAlerts.
     * Firing alerts go out again every {@code resendDelayMs} and are valid for four times the larger of
     * the interval and the resend delay, so Alertmanager resolves them itself only if two evaluations or
     * sends in a row fail; resolved ones go out with endsAt = when they resolved.
     */
    public synchronized List<NotifierAlert> alertsToSend(long ts, long resendDelayMs, long intervalMs, String generatorURL) {
        List<NotifierAlert> out = new ArrayList<>();
        for (Alert a : active.values()) {
            if (!a.needsSending(ts, resendDelayMs)) {
                continue;
            }
            a.lastSentAt = ts;
            a.validUntil = ts + 4 * Math.max(intervalMs, resendDelayMs);
            long end = a.resolvedAt != 0 ? a.resolvedAt : a.validUntil;
            out.add(new NotifierAlert(RuleLabels.map(a.labels), a.annotations, java.time.Instant.ofEpochMilli(a.firedAt),
                    java.time.Instant.ofEpochMilli(end), generatorURL));
        }
        return out;
    }

    /** The highest state of the rule's alerts; UNKNOWN before the first evaluation. */
    public synchronized AlertState state() {
        if (status.get().health() == RuleHealth.UNKNOWN) {
            return AlertState.UNKNOWN;
        }
        AlertState max = AlertState.INACTIVE;
        for (Alert a : active.values()) {
            if (a.state.compareTo(max) > 0) {
                max = a.state;
            }
        }
        return max;
    }

    /** Every alert held, resolved ones included. */
    public synchronized List<AlertInstance> currentAlerts() {
        return active.values().stream().map(Alert::snapshot).toList();
    }

    /** Pending and firing alerts. */
    public List<AlertInstance> activeAlerts() {
        return currentAlerts().stream().filter(AlertInstance::active).toList();
    }

    synchronized void forEachActive(Consumer<Alert> f) {
        active.values().forEach(f);
    }

    /** Takes over another rule object's alerts: a reload keeps the state of rules it did not change. */
    synchronized void copyStateFrom(AlertRule other) {
        synchronized (other) {
            active.putAll(other.active);
        }
        status.copyFrom(other.status);
    }
}
