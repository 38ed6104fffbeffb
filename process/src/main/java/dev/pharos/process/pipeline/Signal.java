package dev.pharos.process.pipeline;

/** The three OTLP signals; the label used on every ingest counter. */
public enum Signal {
    LOGS, TRACES, METRICS;

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
