package dev.pharos.query.alerting;

/** States of an alert instance, and of a rule (the highest of its alerts'), ordered as Prometheus orders them. */
public enum AlertState {
    UNKNOWN, INACTIVE, PENDING, FIRING;

    /** "pending", "firing"...: the alertstate label and the API's spelling. */
    public String apiName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
