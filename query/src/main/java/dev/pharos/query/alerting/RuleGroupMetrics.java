package dev.pharos.query.alerting;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A group's evaluation metrics, named as Prometheus names them (label {@code rule_group="<file>;<name>"}),
 * plus the evaluation lag: how late after its scheduled slot the last evaluation started. The HTTP
 * layer exports {@link #snapshot()}.
 */
public final class RuleGroupMetrics {

    /**
     * @param iterationsTotal        prometheus_rule_group_iterations_total (scheduled, run or missed)
     * @param iterationsMissedTotal  prometheus_rule_group_iterations_missed_total (an evaluation ran longer than the interval)
     * @param evaluationsTotal       prometheus_rule_evaluations_total (one per rule per iteration)
     * @param evaluationFailuresTotal prometheus_rule_evaluation_failures_total
     * @param lastDurationSeconds    prometheus_rule_group_last_duration_seconds
     * @param lastEvaluationTimestampSeconds prometheus_rule_group_last_evaluation_timestamp_seconds
     * @param lastRuleDurationSumSeconds prometheus_rule_group_last_rule_duration_sum_seconds
     * @param lastRestoreDurationSeconds prometheus_rule_group_last_restore_duration_seconds
     * @param samples                prometheus_rule_group_last_evaluation_samples
     * @param intervalSeconds        prometheus_rule_group_interval_seconds
     * @param rules                  prometheus_rule_group_rules
     * @param lastLagSeconds         pharos_rule_group_last_evaluation_lag_seconds: start of the last evaluation less its slot
     */
    public record Snapshot(String group, long iterationsTotal, long iterationsMissedTotal, long evaluationsTotal, long evaluationFailuresTotal,
            double lastDurationSeconds, double lastEvaluationTimestampSeconds, double lastRuleDurationSumSeconds,
            double lastRestoreDurationSeconds, long samples, double intervalSeconds, int rules, double lastLagSeconds) {}

    private final String group;
    private final double intervalSeconds;
    private final int rules;
    final AtomicLong iterations = new AtomicLong();
    final AtomicLong missed = new AtomicLong();
    final AtomicLong evaluations = new AtomicLong();
    final AtomicLong failures = new AtomicLong();
    volatile double lastDuration;
    volatile double lastEvaluation;
    volatile double lastRuleDurationSum;
    volatile double lastRestoreDuration;
    volatile long samples;
    volatile double lastLag;

    RuleGroupMetrics(String group, double intervalSeconds, int rules) {
        this.group = group;
        this.intervalSeconds = intervalSeconds;
        this.rules = rules;
    }

    public Snapshot snapshot() {
        return new Snapshot(group, iterations.get(), missed.get(), evaluations.get(), failures.get(), lastDuration, lastEvaluation,
                lastRuleDurationSum, lastRestoreDuration, samples, intervalSeconds, rules, lastLag);
    }
}
