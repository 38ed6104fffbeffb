package dev.pharos.agent;

import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.List;
import java.util.function.LongSupplier;
import java.util.function.ToDoubleFunction;

/**
 * The agent's own counters ({@code /metrics} when a metrics port is set). Every line read ends in
 * one of: part of a record sent (acknowledged by a gateway), malformed (counted, skipped), part of
 * a record dropped for a reason counted here, or still in the buffer or the file.
 */
public final class AgentMetrics {

    private final PrometheusRegistry registry;
    private final CounterDataPoint linesRead;
    private final CounterDataPoint bytesRead;
    private final CounterDataPoint recordsRead;
    private final CounterDataPoint recordsSent;
    private final CounterDataPoint bytesSent;
    private final CounterDataPoint retries;
    private final CounterDataPoint failovers;
    private final CounterDataPoint truncatedLines;
    private final CounterDataPoint invalidUtf8;
    private final CounterDataPoint checkpointWrites;
    private final CounterDataPoint checkpointErrors;
    private final CounterDataPoint backpressureSeconds;
    private final Counter malformed;
    private final Counter dropped;
    private final Counter rotations;
    private final Counter fileErrors;
    private final Counter gatewayRequests;
    private final Counter gatewayRecords;

    public AgentMetrics(PrometheusRegistry registry) {
        this.registry = registry;
        linesRead = counter("pharos_agent_lines_read_total", "Lines read from container log files");
        bytesRead = counter("pharos_agent_read_bytes_total", "Bytes read from container log files");
        recordsRead = counter("pharos_agent_records_read_total", "Log records assembled from lines (partial lines joined)");
        recordsSent = counter("pharos_agent_records_sent_total", "Log records acknowledged by a gateway");
        bytesSent = counter("pharos_agent_sent_bytes_total", "Request bytes acknowledged by a gateway, as sent (compressed)");
        retries = counter("pharos_agent_retries_total", "Batches sent again after a failed or refused attempt");
        failovers = counter("pharos_agent_failovers_total", "Retries that went to another gateway than the failed attempt");
        truncatedLines = counter("pharos_agent_truncated_lines_total", "Lines longer than agent.maxLineSize, sent cut to that size");
        invalidUtf8 = counter("pharos_agent_invalid_utf8_records_total", "Records whose invalid UTF-8 bytes were replaced by U+FFFD");
        checkpointWrites = counter("pharos_agent_checkpoint_writes_total", "Checkpoint files written");
        checkpointErrors = counter("pharos_agent_checkpoint_errors_total", "Checkpoint files that could not be written or read");
        backpressureSeconds = counter("pharos_agent_backpressure_seconds_total",
                "Time reading was paused because the buffer was full (gateways slow or down)");
        malformed = Counter.builder().name("pharos_agent_malformed_lines_total")
                .help("Lines that are neither CRI nor Docker JSON: counted and skipped").labelNames("format").register(registry);
        dropped = Counter.builder().name("pharos_agent_dropped_records_total")
                .help("Records read but never stored, by reason (refused by a gateway as invalid or too large)").labelNames("reason")
                .register(registry);
        rotations = Counter.builder().name("pharos_agent_rotations_total")
                .help("Log files rotated (rename: a new file took the path; truncate: copytruncate) or deleted").labelNames("kind")
                .register(registry);
        fileErrors = Counter.builder().name("pharos_agent_file_errors_total")
                .help("Files that could not be opened, read or listed").labelNames("reason").register(registry);
        gatewayRequests = Counter.builder().name("pharos_agent_gateway_requests_total")
                .help("Requests to each gateway by outcome: ok, retry_later (429/503), error (5xx, network), refused (400, 413)")
                .labelNames("gateway", "outcome").register(registry);
        gatewayRecords = Counter.builder().name("pharos_agent_gateway_records_total")
                .help("Records acknowledged by each gateway").labelNames("gateway").register(registry);
    }

    private CounterDataPoint counter(String name, String help) {
        return Counter.builder().name(name).help(help).register(registry);
    }

    public PrometheusRegistry registry() {
        return registry;
    }

    /** Gauges read when scraped. */
    public void gauges(LongSupplier filesTracked, LongSupplier bufferBytes, long bufferLimit) {
        GaugeWithCallback.builder().name("pharos_agent_files_tracked").help("Log files open (followed, or rotated and being finished)")
                .callback(cb -> cb.call(filesTracked.getAsLong())).register(registry);
        GaugeWithCallback.builder().name("pharos_agent_buffer_bytes").help("Bytes of records read and not yet acknowledged")
                .callback(cb -> cb.call(bufferBytes.getAsLong())).register(registry);
        GaugeWithCallback.builder().name("pharos_agent_buffer_limit_bytes").help("agent.bufferSize: reading pauses above it")
                .callback(cb -> cb.call(bufferLimit)).register(registry);
    }

    /** Per-gateway gauges: up (1) or backing off (0), requests in flight, latency average. */
    public <G> void gatewayGauges(List<G> gateways, java.util.function.Function<G, String> name, ToDoubleFunction<G> up,
                                  ToDoubleFunction<G> inFlight, ToDoubleFunction<G> latencySeconds) {
        GaugeWithCallback.builder().name("pharos_agent_gateway_up").help("1 when the gateway takes requests, 0 while backing off")
                .labelNames("gateway").callback(cb -> gateways.forEach(g -> cb.call(up.applyAsDouble(g), name.apply(g))))
                .register(registry);
        GaugeWithCallback.builder().name("pharos_agent_gateway_in_flight").help("Requests in flight to the gateway")
                .labelNames("gateway").callback(cb -> gateways.forEach(g -> cb.call(inFlight.applyAsDouble(g), name.apply(g))))
                .register(registry);
        GaugeWithCallback.builder().name("pharos_agent_gateway_latency_seconds")
                .help("Moving average of the gateway's answer time (what the balancer weighs)")
                .labelNames("gateway").callback(cb -> gateways.forEach(g -> cb.call(latencySeconds.applyAsDouble(g), name.apply(g))))
                .register(registry);
    }

    public void linesRead(long n, long bytes) {
        linesRead.inc(n);
        bytesRead.inc(bytes);
    }

    public void recordRead() {
        recordsRead.inc();
    }

    public void malformed(String format) {
        malformed.labelValues(format).inc();
    }

    public void truncatedLine() {
        truncatedLines.inc();
    }

    public void invalidUtf8() {
        invalidUtf8.inc();
    }

    public void rotation(String kind) {
        rotations.labelValues(kind).inc();
    }

    public void fileError(String reason) {
        fileErrors.labelValues(reason).inc();
    }

    public void sent(String gateway, int records, long bytes) {
        recordsSent.inc(records);
        bytesSent.inc(bytes);
        gatewayRequests.labelValues(gateway, "ok").inc();
        gatewayRecords.labelValues(gateway).inc(records);
    }

    public void gatewayOutcome(String gateway, String outcome) {
        gatewayRequests.labelValues(gateway, outcome).inc();
    }

    public void retry(boolean failover) {
        retries.inc();
        if (failover) {
            failovers.inc();
        }
    }

    public void dropped(String reason, long records) {
        dropped.labelValues(reason).inc(records);
    }

    public void checkpointWritten() {
        checkpointWrites.inc();
    }

    public void checkpointError() {
        checkpointErrors.inc();
    }

    public void backpressure(double seconds) {
        backpressureSeconds.inc(seconds);
    }

    // Read back by tests and the benchmark.

    public long linesRead() {
        return (long) linesRead.get();
    }

    public long recordsSent() {
        return (long) recordsSent.get();
    }

    public long retries() {
        return (long) retries.get();
    }

    public long failovers() {
        return (long) failovers.get();
    }

    public long malformedLines(String format) {
        return (long) malformed.labelValues(format).get();
    }

    public long droppedRecords(String reason) {
        return (long) dropped.labelValues(reason).get();
    }

    public long rotations(String kind) {
        return (long) rotations.labelValues(kind).get();
    }

    public long gatewayRecords(String gateway) {
        return (long) gatewayRecords.labelValues(gateway).get();
    }
}
