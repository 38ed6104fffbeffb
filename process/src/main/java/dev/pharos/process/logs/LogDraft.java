package dev.pharos.process.logs;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * A log record as processors see and change it: what they may rewrite (time, severity, body,
 * record attributes), and the resource attributes to read. Built only for datasets that have
 * processors; others are written straight from the request bytes.
 */
public final class LogDraft {

    private long timestampNanos;
    private int severityNumber;
    private String severityText;
    private String body;
    private final Map<String, String> attributes;
    private final Function<String, String> resource;

    public LogDraft(long timestampNanos, int severityNumber, String severityText, String body, Map<String, String> attributes,
                    Function<String, String> resource) {
        this.timestampNanos = timestampNanos;
        this.severityNumber = severityNumber;
        this.severityText = severityText == null ? "" : severityText;
        this.body = body == null ? "" : body;
        this.attributes = new LinkedHashMap<>(attributes);
        this.resource = resource;
    }

    public long timestampNanos() {
        return timestampNanos;
    }

    public void timestampNanos(long nanos) {
        this.timestampNanos = nanos;
    }

    /** OTel severity number, 0 (unspecified) to 24. */
    public int severityNumber() {
        return severityNumber;
    }

    public String severityText() {
        return severityText;
    }

    public void severity(int number, String text) {
        if (number < 0 || number > 24) {
            throw new IllegalArgumentException("severity number must be 0..24, got " + number);
        }
        this.severityNumber = number;
        this.severityText = text == null ? "" : text;
    }

    public String body() {
        return body;
    }

    public void body(String text) {
        this.body = text == null ? "" : text;
    }

    /** The record's attributes, in order; processors add, change and remove entries. */
    public Map<String, String> attributes() {
        return attributes;
    }

    /** A resource attribute (service.name, k8s.pod.name...), or null. */
    public String resource(String key) {
        return resource.apply(key);
    }
}
