package dev.pharos.receive.prometheus;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * Remote-write requests refused before or while decoding, by reason. Samples taken and refused
 * inside a request are counted by the pipeline under {@code signal="prometheus"}.
 */
public final class RemoteWriteMetrics {

    private final Counter refused;

    public RemoteWriteMetrics(PrometheusRegistry registry) {
        refused = Counter.builder().name("pharos_remote_write_refused_requests_total")
                .help("Remote-write requests answered with an error (malformed, too_large, unsupported_media_type, overloaded, partial)")
                .labelNames("reason").register(registry);
    }

    void refused(String reason) {
        refused.labelValues(reason).inc();
    }
}
