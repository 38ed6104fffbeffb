package dev.pharos.receive.otlp;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/** Requests per transport, signal and outcome; records are counted by the pipeline once decoded. */
final class ReceiveMetrics {

    private final Counter requests;
    private final Counter bytes;

    ReceiveMetrics(PrometheusRegistry registry) {
        requests = Counter.builder().name("pharos_receive_requests_total")
                .help("OTLP export requests by transport (grpc, http), signal and outcome (ok, partial, malformed, "
                        + "too_large, unsupported, overloaded)")
                .labelNames("transport", "signal", "outcome").register(registry);
        bytes = Counter.builder().name("pharos_receive_bytes_total")
                .help("Request body bytes as received (before decompression)").labelNames("transport", "signal").register(registry);
    }

    void count(String transport, OtlpSignal signal, IngestReply reply, long bodyBytes) {
        String outcome = switch (reply) {
            case IngestReply.Ok ok -> ok.partial() ? "partial" : "ok";
            case IngestReply.Bad bad -> bad.kind().name().toLowerCase(java.util.Locale.ROOT);
            case IngestReply.Retry r -> "overloaded";
        };
        requests.labelValues(transport, signal.signal.label(), outcome).inc();
        bytes.labelValues(transport, signal.signal.label()).inc(bodyBytes);
    }

    void countBad(String transport, OtlpSignal signal, BadRequestException.Kind kind) {
        requests.labelValues(transport, signal.signal.label(), kind.name().toLowerCase(java.util.Locale.ROOT)).inc();
    }
}
