package dev.pharos.query.alerting;

import dev.pharos.query.promql.storage.Labels;
import dev.pharos.query.promql.storage.StaleNaN;
import dev.pharos.query.promql.value.Sample;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A group of rules evaluated one after the other at the same timestamp, every interval (Prometheus's
 * rules.Group). Each rule's output is written through the {@link SampleSink} before the next rule
 * runs, so a later rule sees an earlier one's recorded series if the sink makes them readable at once.
 * Series a rule produced at its previous evaluation but not at this one get a staleness marker, as do
 * those of rules removed by a reload. A failed rule keeps its alert state and writes nothing.
 */
public final class RuleGroup {

    private static final Logger LOG = LoggerFactory.getLogger(RuleGroup.class);

    private final RuleGroupSpec spec;
    private final long intervalMs;
    private final long queryOffsetMs;
    private final List<Rule> rules;
    private final RuleEngine engine;
    private final RuleGroupMetrics metrics;
    private final long offsetNanos;
    /** Per rule, the series written at its last successful evaluation. Touched by the evaluating thread only. */
    private final List<Set<Labels>> seriesInPreviousEval;
    /** Series of rules a reload removed, marked stale at the next evaluation. */
    private List<Labels> staleSeries = new ArrayList<>();
    private volatile long evaluationNanos;
    private volatile long lastEvaluationMs;
    private volatile long lastEvalTimestampMs;

    public RuleGroup(RuleGroupSpec spec, List<Rule> rules, RuleEngine engine) {
        this.spec = spec;
        this.intervalMs = spec.intervalMs() > 0 ? spec.intervalMs() : engine.options().defaultInterval().toMillis();
        this.queryOffsetMs = spec.queryOffsetMs() != null ? spec.queryOffsetMs() : engine.options().defaultQueryOffset().toMillis();
        this.rules = List.copyOf(rules);
        this.engine = engine;
        this.metrics = new RuleGroupMetrics(spec.key(), intervalMs / 1000.0, rules.size());
        this.offsetNanos = EvalSchedule.offsetNanos(spec.file(), spec.name(), intervalMs);
        this.seriesInPreviousEval = new ArrayList<>();
        for (int i = 0; i < rules.size(); i++) {
            seriesInPreviousEval.add(Set.of());
        }
    }

    /** Builds the rule objects of {@code spec}; alerting rules wait for restoration when {@code restore}. */
    public static RuleGroup create(RuleGroupSpec spec, RuleEngine engine, boolean restore) {
        List<Rule> rules = new ArrayList<>();
        for (RuleSpec r : spec.rules()) {
            rules.add(switch (r.kind()) {
                case RECORDING -> new RecordingRule(r);
                case ALERTING -> new AlertRule(r, engine.options().externalLabels(), engine.options().externalURL(), !restore);
            });
        }
        return new RuleGroup(spec, rules, engine);
    }

    public RuleGroupSpec spec() {
        return spec;
    }

    public List<Rule> rules() {
        return rules;
    }

    public long intervalMs() {
        return intervalMs;
    }

    public long queryOffsetMs() {
        return queryOffsetMs;
    }

    public RuleGroupMetrics metrics() {
        return metrics;
    }

    /** How long the last evaluation of the whole group took. */
    public long evaluationNanos() {
        return evaluationNanos;
    }

    /** Wall-clock start of the last evaluation, 0 before the first. */
    public long lastEvaluationMs() {
        return lastEvaluationMs;
    }

    /** The slot (evaluation timestamp) of the last evaluation, 0 before the first. */
    public long lastEvalTimestampMs() {
        return lastEvalTimestampMs;
    }

    /** The latest slot of this group at or before {@code nowMs}. */
    public long slotAtOrBefore(long nowMs) {
        return EvalSchedule.slotAtOrBefore(nowMs, intervalMs, offsetNanos);
    }

    /** Evaluates every rule at {@code ts} (a slot), writes their output and sends their alerts. */
    public void evaluate(long ts) {
        long started = System.nanoTime();
        long wallStart = engine.clock().nowMillis();
        metrics.iterations.incrementAndGet();
        metrics.lastLag = Math.max(0, wallStart - ts) / 1000.0;
        Rule.EvalContext ctx = new Rule.EvalContext(ts, queryOffsetMs, spec.limit(), engine.queries());
        long samples = 0;
        long ruleNanosSum = 0;
        for (int i = 0; i < rules.size(); i++) {
            Rule rule = rules.get(i);
            long ruleStart = System.nanoTime();
            long ruleWallStart = engine.clock().nowMillis();
            metrics.evaluations.incrementAndGet();
            RuleHealth health = RuleHealth.OK;
            String error = null;
            try {
                List<Sample> vector = rule.eval(ctx);
                samples += vector.size();
                if (rule instanceof AlertRule ar) {
                    List<NotifierAlert> alerts = ar.alertsToSend(ts, engine.options().resendDelay().toMillis(), intervalMs,
                            GeneratorUrls.of(engine.options().externalURL(), ar.spec().expr()));
                    if (!alerts.isEmpty()) {
                        notify(alerts);
                    }
                }
                write(i, vector, ts);
            } catch (RuleEvalException e) {
                health = RuleHealth.ERR;
                error = e.getMessage();
                metrics.failures.incrementAndGet();
                LOG.warn("evaluating rule {} of group {} failed: {}", rule.name(), spec.key(), e.getMessage());
            } catch (RuntimeException e) {
                health = RuleHealth.ERR;
                error = e.getMessage() == null ? e.toString() : e.getMessage();
                metrics.failures.incrementAndGet();
                LOG.warn("rule {} of group {}: {}", rule.name(), spec.key(), error, e);
            }
            long took = System.nanoTime() - ruleStart;
            ruleNanosSum += took;
            rule.status().set(health, error, took, ruleWallStart);
        }
        cleanupStaleSeries(ts);
        evaluationNanos = System.nanoTime() - started;
        lastEvaluationMs = wallStart;
        lastEvalTimestampMs = ts;
        metrics.samples = samples;
        metrics.lastDuration = evaluationNanos / 1e9;
        metrics.lastRuleDurationSum = ruleNanosSum / 1e9;
        metrics.lastEvaluation = wallStart / 1000.0;
    }

    /** A notifier that fails loses this batch (firing alerts go out again at the next resend), not the evaluation. */
    private void notify(List<NotifierAlert> alerts) {
        try {
            engine.notifier().send(alerts);
        } catch (RuntimeException e) {
            LOG.warn("handing {} alerts of group {} to the notifier failed: {}", alerts.size(), spec.key(), e.toString());
        }
    }

    /** The rule's samples and staleness markers for series it no longer produces; on success they become its previous series. */
    private void write(int i, List<Sample> vector, long ts) throws RuleEvalException {
        Set<Labels> returned = new HashSet<>();
        List<Sample> out = new ArrayList<>(vector.size());
        for (Sample s : vector) {
            if (returned.add(s.labels())) {
                out.add(s);
            }
        }
        long staleTs = ts - queryOffsetMs;
        for (Labels previous : seriesInPreviousEval.get(i)) {
            if (!returned.contains(previous)) {
                out.add(new Sample(previous, staleTs, StaleNaN.VALUE));
            }
        }
        if (out.isEmpty()) {
            seriesInPreviousEval.set(i, returned);
            return;
        }
        try {
            engine.sink().write(out);
        } catch (RuntimeException e) {
            throw new RuleEvalException("writing the rule's samples failed: " + (e.getMessage() == null ? e : e.getMessage()), e);
        }
        seriesInPreviousEval.set(i, returned);
    }

    private void cleanupStaleSeries(long ts) {
        if (staleSeries.isEmpty()) {
            return;
        }
        List<Sample> out = new ArrayList<>();
        for (Labels l : staleSeries) {
            out.add(new Sample(l, ts - queryOffsetMs, StaleNaN.VALUE));
        }
        try {
            engine.sink().write(out);
            staleSeries = new ArrayList<>();
        } catch (RuntimeException e) {
            LOG.warn("writing staleness markers of removed rules of group {} failed: {}", spec.key(), e.toString());
        }
    }

    /** Every series the group's rules last wrote: what gets a staleness marker when the group goes away. */
    List<Labels> currentSeries() {
        List<Labels> out = new ArrayList<>(staleSeries);
        seriesInPreviousEval.forEach(out::addAll);
        return out;
    }

    /** Marks every series of this group stale at {@code nowMs}: the group was removed from the rule files. */
    void markAllStale(long nowMs) {
        List<Sample> out = new ArrayList<>();
        for (Labels l : currentSeries()) {
            out.add(new Sample(l, nowMs, StaleNaN.VALUE));
        }
        if (!out.isEmpty()) {
            try {
                engine.sink().write(out);
            } catch (RuntimeException e) {
                LOG.warn("writing staleness markers of removed group {} failed: {}", spec.key(), e.toString());
            }
        }
    }

    /**
     * Takes over the state of the group this one replaces after a reload (Prometheus's CopyState):
     * rules are matched by name and labels, the first with the first if several share them; matched
     * alerting rules keep their alerts, and the series of unmatched old rules will be marked stale.
     */
    void copyState(RuleGroup from) {
        evaluationNanos = from.evaluationNanos;
        lastEvaluationMs = from.lastEvaluationMs;
        lastEvalTimestampMs = from.lastEvalTimestampMs;
        Map<String, List<Integer>> byKey = new HashMap<>();
        for (int i = 0; i < from.rules.size(); i++) {
            byKey.computeIfAbsent(identity(from.rules.get(i)), k -> new ArrayList<>()).add(i);
        }
        for (int i = 0; i < rules.size(); i++) {
            List<Integer> candidates = byKey.get(identity(rules.get(i)));
            if (candidates == null || candidates.isEmpty()) {
                continue;
            }
            int fi = candidates.removeFirst();
            seriesInPreviousEval.set(i, from.seriesInPreviousEval.get(fi));
            if (rules.get(i) instanceof AlertRule ar && from.rules.get(fi) instanceof AlertRule far) {
                ar.copyStateFrom(far);
                ar.setRestored(far.restored());
            }
        }
        staleSeries = new ArrayList<>(from.staleSeries);
        for (List<Integer> left : byKey.values()) {
            for (int fi : left) {
                staleSeries.addAll(from.seriesInPreviousEval.get(fi));
            }
        }
    }

    private static String identity(Rule r) {
        return r.name() + r.spec().labels();
    }

    /** The pending and firing alerts of this group's alerting rules, for the state store. */
    List<AlertStateSnapshot.SavedRule> savedState() {
        return savedState(AlertStateSnapshot.empty());
    }

    /**
     * As {@link #savedState()}, but a rule still waiting for its restore keeps what {@code previous}
     * had for it: its fresh pending alerts would otherwise overwrite the state it is about to restore.
     */
    List<AlertStateSnapshot.SavedRule> savedState(AlertStateSnapshot previous) {
        List<AlertStateSnapshot.SavedRule> out = new ArrayList<>();
        for (Rule r : rules) {
            if (r instanceof AlertRule ar && !ar.restored()) {
                AlertStateSnapshot.SavedRule kept = previous.find(spec.file(), spec.name(), ar.spec());
                if (kept != null) {
                    out.add(kept);
                }
            } else if (r instanceof AlertRule ar && lastEvalTimestampMs > 0) {
                List<AlertStateSnapshot.SavedAlert> alerts = ar.activeAlerts().stream()
                        .map(a -> new AlertStateSnapshot.SavedAlert(a.labels(), a.state().apiName(), a.activeAt())).toList();
                out.add(new AlertStateSnapshot.SavedRule(spec.file(), spec.name(), ar.name(), ar.spec().labels(),
                        lastEvalTimestampMs - queryOffsetMs, alerts));
            }
        }
        return out;
    }

    void restoreForState(AlertStateSnapshot snapshot, long nowMs) {
        long started = System.nanoTime();
        ForStateRestorer.restore(this, snapshot, nowMs, engine.options().outageTolerance().toMillis(),
                engine.options().forGracePeriod().toMillis());
        metrics.lastRestoreDuration = (System.nanoTime() - started) / 1e9;
    }

    /** True when some alerting rule still waits for its state to be restored. */
    boolean needsRestore() {
        return rules.stream().anyMatch(r -> r instanceof AlertRule ar && !ar.restored());
    }
}
