package dev.pharos.process.redact;

import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * {@code pharos_redactions_total{detector}} on {@code /metrics}: secrets removed before storage, by the
 * detector that found them, summed over datasets. Every detector's series exists from the start, so
 * a rate over it never has to treat "absent" as zero.
 */
public final class RedactionMetrics {

    private final CounterDataPoint[] byKind;

    public RedactionMetrics(PrometheusRegistry registry) {
        Counter counter = Counter.builder().name("pharos_redactions_total")
                .help("Secrets removed from values before storage, by the detector that found them (secret_attribute: by attribute key)")
                .labelNames("detector").register(registry);
        SecretKind[] kinds = SecretKind.values();
        byKind = new CounterDataPoint[kinds.length];
        for (SecretKind k : kinds) {
            byKind[k.ordinal()] = counter.labelValues(k.label());
        }
    }

    void redacted(SecretKind kind) {
        byKind[kind.ordinal()].inc();
    }
}
