package dev.pharos.process.otlp;

/** Why a single record was refused while the rest of its request was taken (OTLP partial success). */
public enum Rejection {
    INVALID_ID("invalid_id", "trace id must be 16 bytes and span id 8 bytes"),
    TOO_MANY_ATTRIBUTES("too_many_attributes", "more attributes than the per-record limit"),
    TOO_OLD("older_than_retention", "timestamp older than the table's retention, it would be deleted at once"),
    NO_VALUE("no_value", "metric or data point without a value"),
    NO_METRIC_NAME("no_metric_name", "series without a __name__ label"),
    INVALID_LABELS("invalid_labels", "empty or repeated label name, or label not valid UTF-8"),
    NATIVE_HISTOGRAM("native_histogram", "native histogram samples are not stored yet; send classic histograms"),
    TENANT_NOT_ALLOWED("tenant_not_allowed", "the resource names a tenant this sender may not write to (or an invalid tenant name)");

    private final String label;
    private final String message;

    Rejection(String label, String message) {
        this.label = label;
        this.message = message;
    }

    /** The {@code reason} label on the rejected-records counter. */
    public String label() {
        return label;
    }

    public String message() {
        return message;
    }
}
