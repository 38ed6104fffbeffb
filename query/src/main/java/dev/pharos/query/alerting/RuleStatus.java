package dev.pharos.query.alerting;

/**
 * What the API shows of a rule's latest evaluation. Written by the group's thread, read by any.
 */
public final class RuleStatus {

    /** A consistent copy. {@code lastEvaluationMs} is 0 before the first evaluation. */
    public record Snapshot(RuleHealth health, String lastError, long evaluationNanos, long lastEvaluationMs) {}

    private volatile Snapshot current = new Snapshot(RuleHealth.UNKNOWN, "", 0, 0);

    public Snapshot get() {
        return current;
    }

    void set(RuleHealth health, String lastError, long evaluationNanos, long lastEvaluationMs) {
        current = new Snapshot(health, lastError == null ? "" : lastError, evaluationNanos, lastEvaluationMs);
    }

    /** Keeps another rule's status: a reload that leaves a rule unchanged keeps what it showed. */
    void copyFrom(RuleStatus other) {
        current = other.current;
    }
}
