package dev.pharos.process.pipeline;

/** The three OTLP signals and Prometheus remote write; the label used on every ingest counter. */
public enum Signal {
    LOGS, TRACES, METRICS, PROMETHEUS;

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
