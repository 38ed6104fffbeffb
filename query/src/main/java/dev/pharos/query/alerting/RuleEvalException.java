package dev.pharos.query.alerting;

/** One rule evaluation failed; the message becomes the rule's lastError. */
public final class RuleEvalException extends Exception {

    public RuleEvalException(String message) {
        super(message);
    }

    public RuleEvalException(String message, Throwable cause) {
        super(message, cause);
    }
}
