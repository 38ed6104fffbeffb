package dev.pharos.receive.otlp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.logs.Severity;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.exporter.otlp.http.logs.OtlpHttpLogRecordExporter;
import io.opentelemetry.exporter.otlp.http.metrics.OtlpHttpMetricExporter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.logs.OtlpGrpcLogRecordExporter;
import io.opentelemetry.exporter.otlp.metrics.OtlpGrpcMetricExporter;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.sdk.common.Clock;
import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import io.opentelemetry.sdk.logs.export.LogRecordExporter;
import io.opentelemetry.sdk.logs.export.SimpleLogRecordProcessor;
import io.opentelemetry.sdk.metrics.Aggregation;
import io.opentelemetry.sdk.metrics.ExemplarFilter;
import io.opentelemetry.sdk.metrics.InstrumentSelector;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.View;
import io.opentelemetry.sdk.metrics.export.MetricExporter;
import io.opentelemetry.sdk.metrics.export.PeriodicMetricReader;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The official OpenTelemetry Java SDK exports logs, spans and metrics to Pharos over gRPC and
 * over HTTP/protobuf; the rows in the engine must carry exactly what was sent.
 */
class OtelSdkIngestTest {

    enum Transport { GRPC, HTTP }

    @TempDir
    static Path dataDir;

    static IngestHarness h;

    /** 2026-11-01T12:00:00.123456789Z: odd nanoseconds so truncation to micro or milliseconds would show. */
    static final long T0 = 1_793_534_400_123_456_789L;

    @BeforeAll
    static void start() {
        h = new IngestHarness(dataDir);
    }

    @AfterAll
    static void stop() {
        if (h != null) {
            h.close();
        }
    }

    private static Resource resource(String service) {
        return Resource.create(Attributes.builder()
                .put("service.name", service)
                .put("k8s.pod.name", "checkout-7d9f")
                .put("host.cpu.count", 8L)
                .build());
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void spansWithEventsLinksAndEveryAttributeTypeArriveExactly(Transport t) {
        String service = "svc-traces-" + t;
        SpanExporter exporter = t == Transport.GRPC
                ? OtlpGrpcSpanExporter.builder().setEndpoint(h.grpcEndpoint()).build()
                : OtlpHttpSpanExporter.builder().setEndpoint(h.httpEndpoint() + "/v1/traces").build();
        SpanContext linked = SpanContext.create("0af7651916cd43dd8448eb211c80319c", "b7ad6b7169203331", TraceFlags.getSampled(),
                TraceState.getDefault());
        String traceId;
        String rootId;
        String childId;
        try (SdkTracerProvider provider = SdkTracerProvider.builder().setResource(resource(service))
                .addSpanProcessor(SimpleSpanProcessor.create(exporter)).build()) {
            Tracer tracer = provider.tracerBuilder("checkout-lib").setInstrumentationVersion("1.2.3").build();
            Span root = tracer.spanBuilder("POST /checkout").setSpanKind(SpanKind.SERVER)
                    .setStartTimestamp(T0, TimeUnit.NANOSECONDS)
                    .setAttribute("http.method", "POST")
                    .setAttribute(AttributeKey.longKey("http.status_code"), 502L)
                    .setAttribute(AttributeKey.doubleKey("ratio"), 0.25)
                    .setAttribute(AttributeKey.booleanKey("retried"), true)
                    .setAttribute(AttributeKey.stringArrayKey("tags"), List.of("a", "b\"c"))
                    .setAttribute(AttributeKey.longArrayKey("ports"), List.of(80L, 443L))
                    .addLink(linked, Attributes.of(AttributeKey.stringKey("link.kind"), "follows"))
                    .startSpan();
            root.addEvent("retry", Attributes.of(AttributeKey.longKey("attempt"), 2L), T0 + 1_000, TimeUnit.NANOSECONDS);
            root.addEvent("gave up", T0 + 2_000, TimeUnit.NANOSECONDS);
            Span child;
            try (Scope ignored = root.makeCurrent()) {
                child = tracer.spanBuilder("SELECT orders").setSpanKind(SpanKind.CLIENT)
                        .setStartTimestamp(T0 + 10, TimeUnit.NANOSECONDS).startSpan();
                child.end(T0 + 999_999_990L, TimeUnit.NANOSECONDS);
            }
            root.setStatus(StatusCode.ERROR, "upstream 502");
            root.end(T0 + 1_500_000_000L, TimeUnit.NANOSECONDS);
            assertThat(provider.forceFlush().join(10, TimeUnit.SECONDS).isSuccess()).isTrue();
            traceId = root.getSpanContext().getTraceId();
            rootId = root.getSpanContext().getSpanId();
            childId = child.getSpanContext().getSpanId();
        }
        h.awaitDrained();

        List<JsonNode> rows = h.rows("SELECT toUnixTimestamp64Nano(Timestamp) AS ts, TraceId, SpanId, ParentSpanId, SpanName, SpanKind, "
                + "ServiceName, ResourceAttributes, ScopeName, ScopeVersion, SpanAttributes, Duration, StatusCode, StatusMessage, "
                + "arrayMap(x -> toUnixTimestamp64Nano(x), Events.Timestamp) AS evTs, Events.Name AS evName, "
                + "Events.Attributes AS evAttrs, Links.TraceId AS lTrace, Links.SpanId AS lSpan, Links.Attributes AS lAttrs "
                + "FROM otel.otel_traces WHERE ServiceName = '" + service + "' ORDER BY Timestamp");
        assertThat(rows).hasSize(2);
        JsonNode root = rows.get(0);
        assertThat(root.get("ts").asText()).isEqualTo(Long.toString(T0));
        assertThat(root.get("TraceId").asText()).isEqualTo(traceId).hasSize(32);
        assertThat(root.get("SpanId").asText()).isEqualTo(rootId);
        assertThat(root.get("ParentSpanId").asText()).isEmpty();
        assertThat(root.get("SpanName").asText()).isEqualTo("POST /checkout");
        assertThat(root.get("SpanKind").asText()).isEqualTo("Server");
        assertThat(root.get("ServiceName").asText()).isEqualTo(service);
        assertThat(root.get("ResourceAttributes").get("k8s.pod.name").asText()).isEqualTo("checkout-7d9f");
        assertThat(root.get("ResourceAttributes").get("host.cpu.count").asText()).isEqualTo("8");
        assertThat(root.get("ScopeName").asText()).isEqualTo("checkout-lib");
        assertThat(root.get("ScopeVersion").asText()).isEqualTo("1.2.3");
        JsonNode attrs = root.get("SpanAttributes");
        assertThat(attrs.get("http.method").asText()).isEqualTo("POST");
        assertThat(attrs.get("http.status_code").asText()).isEqualTo("502");
        assertThat(attrs.get("ratio").asText()).isEqualTo("0.25");
        assertThat(attrs.get("retried").asText()).isEqualTo("true");
        assertThat(attrs.get("tags").asText()).isEqualTo("[\"a\",\"b\\\"c\"]");
        assertThat(attrs.get("ports").asText()).isEqualTo("[80,443]");
        assertThat(root.get("Duration").asText()).isEqualTo("1500000000");
        assertThat(root.get("StatusCode").asText()).isEqualTo("Error");
        assertThat(root.get("StatusMessage").asText()).isEqualTo("upstream 502");
        assertThat(root.get("evTs").toString()).isEqualTo("[" + (T0 + 1000) + "," + (T0 + 2000) + "]");
        assertThat(root.get("evName").toString()).isEqualTo("[\"retry\",\"gave up\"]");
        assertThat(root.get("evAttrs").toString()).isEqualTo("[{\"attempt\":\"2\"},{}]");
        assertThat(root.get("lTrace").toString()).isEqualTo("[\"0af7651916cd43dd8448eb211c80319c\"]");
        assertThat(root.get("lSpan").toString()).isEqualTo("[\"b7ad6b7169203331\"]");
        assertThat(root.get("lAttrs").toString()).isEqualTo("[{\"link.kind\":\"follows\"}]");

        JsonNode child = rows.get(1);
        assertThat(child.get("TraceId").asText()).isEqualTo(traceId);
        assertThat(child.get("SpanId").asText()).isEqualTo(childId);
        assertThat(child.get("ParentSpanId").asText()).isEqualTo(rootId);
        assertThat(child.get("SpanKind").asText()).isEqualTo("Client");
        assertThat(child.get("Duration").asText()).isEqualTo("999999980");
        assertThat(child.get("StatusCode").asText()).isEqualTo("Unset");
        assertThat(child.get("evName").toString()).isEqualTo("[]");

        // The trace id -> time range view is fed by the same inserts (one row per insert until parts merge).
        JsonNode range = h.rows("SELECT toUnixTimestamp(min(Start)) AS s, toUnixTimestamp(max(End)) AS e "
                + "FROM otel.otel_traces_trace_id_ts WHERE TraceId = '" + traceId + "'").getFirst();
        assertThat(range.get("s").asLong()).isEqualTo(T0 / 1_000_000_000L);
        assertThat(range.get("e").asLong()).isEqualTo(T0 / 1_000_000_000L);
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void logRecordsArriveWithTraceContextSeverityAndAttributes(Transport t) {
        String service = "svc-logs-" + t;
        LogRecordExporter exporter = t == Transport.GRPC
                ? OtlpGrpcLogRecordExporter.builder().setEndpoint(h.grpcEndpoint()).build()
                : OtlpHttpLogRecordExporter.builder().setEndpoint(h.httpEndpoint() + "/v1/logs").build();
        SpanContext span = SpanContext.create("5b8efff798038103d269b633813fc60c", "eee19b7ec3c1b174", TraceFlags.getSampled(),
                TraceState.getDefault());
        try (SdkLoggerProvider provider = SdkLoggerProvider.builder().setResource(resource(service))
                .addLogRecordProcessor(SimpleLogRecordProcessor.create(exporter)).build()) {
            var logger = provider.loggerBuilder("payments").setInstrumentationVersion("2.0.0").build();
            logger.logRecordBuilder().setTimestamp(T0, TimeUnit.NANOSECONDS).setObservedTimestamp(T0 + 5, TimeUnit.NANOSECONDS)
                    .setSeverity(Severity.ERROR).setSeverityText("ERROR").setBody("payment failed: card declined")
                    .setAttribute(AttributeKey.stringKey("user.id"), "u-42")
                    .setAttribute(AttributeKey.longKey("amount.cents"), 1999L)
                    .setContext(Context.root().with(Span.wrap(span))).emit();
            // No timestamp: the observed time is what the exporter stores.
            logger.logRecordBuilder().setObservedTimestamp(T0 + 7, TimeUnit.NANOSECONDS).setSeverity(Severity.INFO)
                    .setBody("retrying").emit();
            assertThat(provider.forceFlush().join(10, TimeUnit.SECONDS).isSuccess()).isTrue();
        }
        h.awaitDrained();

        List<JsonNode> rows = h.rows("SELECT toUnixTimestamp64Nano(Timestamp) AS ts, toUnixTimestamp(TimestampTime) AS tsec, TraceId, "
                + "SpanId, TraceFlags, SeverityText, SeverityNumber, ServiceName, Body, ResourceAttributes, ScopeName, ScopeVersion, "
                + "LogAttributes FROM otel.otel_logs WHERE ServiceName = '" + service + "' ORDER BY Timestamp");
        assertThat(rows).hasSize(2);
        JsonNode r = rows.get(0);
        assertThat(r.get("ts").asText()).isEqualTo(Long.toString(T0));
        assertThat(r.get("tsec").asLong()).isEqualTo(T0 / 1_000_000_000L);
        assertThat(r.get("TraceId").asText()).isEqualTo("5b8efff798038103d269b633813fc60c");
        assertThat(r.get("SpanId").asText()).isEqualTo("eee19b7ec3c1b174");
        assertThat(r.get("TraceFlags").asInt()).isEqualTo(1);
        assertThat(r.get("SeverityText").asText()).isEqualTo("ERROR");
        assertThat(r.get("SeverityNumber").asInt()).isEqualTo(17);
        assertThat(r.get("Body").asText()).isEqualTo("payment failed: card declined");
        assertThat(r.get("ResourceAttributes").get("service.name").asText()).isEqualTo(service);
        assertThat(r.get("ScopeName").asText()).isEqualTo("payments");
        assertThat(r.get("ScopeVersion").asText()).isEqualTo("2.0.0");
        assertThat(r.get("LogAttributes").get("user.id").asText()).isEqualTo("u-42");
        assertThat(r.get("LogAttributes").get("amount.cents").asText()).isEqualTo("1999");
        JsonNode second = rows.get(1);
        assertThat(second.get("ts").asText()).isEqualTo(Long.toString(T0 + 7));
        assertThat(second.get("TraceId").asText()).isEmpty();
        assertThat(second.get("SeverityNumber").asInt()).isEqualTo(9);
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void everyMetricTypeTheSdkProducesArrivesWithBucketsAndExemplars(Transport t) {
        String service = "svc-metrics-" + t;
        MetricExporter exporter = t == Transport.GRPC
                ? OtlpGrpcMetricExporter.builder().setEndpoint(h.grpcEndpoint()).build()
                : OtlpHttpMetricExporter.builder().setEndpoint(h.httpEndpoint() + "/v1/metrics").build();
        long wallBefore = System.currentTimeMillis() * 1_000_000L;
        AtomicLong now = new AtomicLong(T0);
        Clock clock = new Clock() {
            @Override
            public long now() {
                return now.get();
            }

            @Override
            public long nanoTime() {
                return now.get();
            }
        };
        SpanContext span = SpanContext.create("4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7", TraceFlags.getSampled(),
                TraceState.getDefault());
        PeriodicMetricReader reader = PeriodicMetricReader.builder(exporter).setInterval(Duration.ofHours(1)).build();
        try (SdkMeterProvider provider = SdkMeterProvider.builder().setResource(resource(service)).setClock(clock)
                .setExemplarFilter(ExemplarFilter.alwaysOn())
                .registerView(InstrumentSelector.builder().setName("payload.size").build(),
                        View.builder().setAggregation(Aggregation.base2ExponentialBucketHistogram()).build())
                .registerMetricReader(reader).build()) {
            Meter meter = provider.meterBuilder("shop-metrics").setInstrumentationVersion("3.1").build();
            Attributes route = Attributes.of(AttributeKey.stringKey("route"), "/checkout");
            now.set(T0 + 100);
            meter.counterBuilder("requests").setUnit("1").setDescription("requests served").build().add(3, route);
            meter.upDownCounterBuilder("inflight").build().add(-2, route);
            meter.gaugeBuilder("queue.depth").ofLongs().build().set(42, route);
            DoubleHistogram latency = meter.histogramBuilder("latency").setUnit("ms")
                    .setExplicitBucketBoundariesAdvice(List.of(10.0, 100.0, 1000.0)).build();
            try (Scope ignored = Context.root().with(Span.wrap(span)).makeCurrent()) {
                for (double v : new double[] {5, 50, 500, 5000}) {
                    latency.record(v, route);
                }
            }
            DoubleHistogram size = meter.histogramBuilder("payload.size").build();
            for (double v : new double[] {1, 2, 4}) {
                size.record(v);
            }
            now.set(T0 + 60_000_000_000L);
            assertThat(provider.forceFlush().join(10, TimeUnit.SECONDS).isSuccess()).isTrue();
        }
        h.awaitDrained();
        String where = " WHERE ServiceName = '" + service + "'";

        JsonNode sum = h.rows("SELECT MetricName, MetricUnit, MetricDescription, Value, IsMonotonic, AggregationTemporality, "
                + "Attributes, ScopeName, ScopeVersion, toUnixTimestamp64Nano(StartTimeUnix) AS st, toUnixTimestamp64Nano(TimeUnix) AS t "
                + "FROM otel.otel_metrics_sum" + where + " AND MetricName = 'requests'").getFirst();
        assertThat(sum.get("MetricUnit").asText()).isEqualTo("1");
        assertThat(sum.get("MetricDescription").asText()).isEqualTo("requests served");
        assertThat(sum.get("Value").asDouble()).isEqualTo(3.0);
        assertThat(sum.get("IsMonotonic").asBoolean()).isTrue();
        assertThat(sum.get("AggregationTemporality").asInt()).isEqualTo(2);
        assertThat(sum.get("Attributes").get("route").asText()).isEqualTo("/checkout");
        assertThat(sum.get("ScopeName").asText()).isEqualTo("shop-metrics");
        assertThat(sum.get("ScopeVersion").asText()).isEqualTo("3.1");
        // The SDK starts a cumulative series at its first measurement.
        assertThat(sum.get("st").asText()).isEqualTo(Long.toString(T0 + 100));
        assertThat(sum.get("t").asText()).isEqualTo(Long.toString(T0 + 60_000_000_000L));

        JsonNode updown = h.rows("SELECT Value, IsMonotonic FROM otel.otel_metrics_sum" + where + " AND MetricName = 'inflight'").getFirst();
        assertThat(updown.get("Value").asDouble()).isEqualTo(-2.0);
        assertThat(updown.get("IsMonotonic").asBoolean()).isFalse();

        JsonNode gauge = h.rows("SELECT Value FROM otel.otel_metrics_gauge" + where + " AND MetricName = 'queue.depth'").getFirst();
        assertThat(gauge.get("Value").asDouble()).isEqualTo(42.0);

        JsonNode hist = h.rows("SELECT Count, Sum, BucketCounts, ExplicitBounds, Min, Max, AggregationTemporality, "
                + "Exemplars.TraceId AS xt, Exemplars.SpanId AS xs, Exemplars.Value AS xv, "
                + "arrayMap(x -> toUnixTimestamp64Nano(x), Exemplars.TimeUnix) AS xts "
                // Closing the provider exports once more, after the exemplar reservoir was emptied: take the first export.
                + "FROM otel.otel_metrics_histogram" + where + " AND MetricName = 'latency' ORDER BY length(Exemplars.Value) DESC LIMIT 1")
                .getFirst();
        assertThat(hist.get("Count").asLong()).isEqualTo(4);
        assertThat(hist.get("Sum").asDouble()).isEqualTo(5555.0);
        assertThat(hist.get("BucketCounts").toString()).isEqualTo("[1,1,1,1]");
        assertThat(hist.get("ExplicitBounds").toString()).isEqualTo("[10,100,1000]");
        assertThat(hist.get("Min").asDouble()).isEqualTo(5.0);
        assertThat(hist.get("Max").asDouble()).isEqualTo(5000.0);
        assertThat(hist.get("xt").size()).isEqualTo(4);
        for (JsonNode x : hist.get("xt")) {
            assertThat(x.asText()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
        }
        assertThat(hist.get("xs").get(0).asText()).isEqualTo("00f067aa0ba902b7");
        assertThat(hist.get("xv").toString()).isEqualTo("[5,50,500,5000]");
        // The SDK stamps exemplars with the wall clock, not the meter provider's clock.
        assertThat(hist.get("xts").get(0).asLong()).isBetween(wallBefore, System.currentTimeMillis() * 1_000_000L);

        JsonNode exp = h.rows("SELECT Count, Sum, Scale, ZeroCount, PositiveOffset, PositiveBucketCounts, NegativeBucketCounts, Min, Max "
                + "FROM otel.otel_metrics_exponential_histogram" + where + " AND MetricName = 'payload.size'").getFirst();
        assertThat(exp.get("Count").asLong()).isEqualTo(3);
        assertThat(exp.get("Sum").asDouble()).isEqualTo(7.0);
        assertThat(exp.get("ZeroCount").asLong()).isZero();
        assertThat(exp.get("Scale").asInt()).isBetween(-10, 20);
        long bucketTotal = 0;
        for (JsonNode c : exp.get("PositiveBucketCounts")) {
            bucketTotal += c.asLong();
        }
        assertThat(bucketTotal).isEqualTo(3);
        assertThat(exp.get("NegativeBucketCounts").size()).isZero();
        assertThat(exp.get("Min").asDouble()).isEqualTo(1.0);
        assertThat(exp.get("Max").asDouble()).isEqualTo(4.0);

        // The same points as Prometheus series (Prometheus's OTLP translation), for PromQL. The SDK exports
        // again when closed, with the same timestamps: one sample per series and time once duplicates merge.
        String prom = h.engine.query("SELECT DISTINCT s.MetricName, toString(mapSort(r.Labels)), s.Value FROM otel.prom_samples AS s "
                + "JOIN (SELECT DISTINCT Fingerprint, Labels FROM otel.prom_series WHERE Labels['job'] = '" + service + "') AS r "
                + "ON s.Fingerprint = r.Fingerprint WHERE s.MetricName NOT LIKE 'otel_sdk_%' ORDER BY s.MetricName, toString(mapSort(r.Labels))",
                "TSVRaw").text();
        String job = "'job':'" + service + "'";
        assertThat(prom).isEqualTo(String.join("\n",
                "inflight\t{" + job + ",'route':'/checkout'}\t-2",
                "latency_milliseconds_bucket\t{" + job + ",'le':'+Inf','route':'/checkout'}\t4",
                "latency_milliseconds_bucket\t{" + job + ",'le':'10','route':'/checkout'}\t1",
                "latency_milliseconds_bucket\t{" + job + ",'le':'100','route':'/checkout'}\t2",
                "latency_milliseconds_bucket\t{" + job + ",'le':'1000','route':'/checkout'}\t3",
                "latency_milliseconds_count\t{" + job + ",'route':'/checkout'}\t4",
                "latency_milliseconds_sum\t{" + job + ",'route':'/checkout'}\t5555",
                "queue_depth\t{" + job + ",'route':'/checkout'}\t42",
                "requests_total\t{" + job + ",'route':'/checkout'}\t3",
                "target_info\t{'host_cpu_count':'8'," + job + ",'k8s_pod_name':'checkout-7d9f'}\t1") + "\n");
    }
}
