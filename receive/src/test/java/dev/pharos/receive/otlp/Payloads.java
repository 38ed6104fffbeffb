package dev.pharos.receive.otlp;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.common.v1.KeyValueList;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Histogram;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;

/** Valid OTLP payloads built with the generated protobuf classes, as seeds for hostile variants. */
final class Payloads {

    static final long NOW = System.currentTimeMillis() * 1_000_000L;

    private Payloads() {}

    static KeyValue kv(String k, String v) {
        return KeyValue.newBuilder().setKey(k).setValue(AnyValue.newBuilder().setStringValue(v)).build();
    }

    static Resource resource(String service) {
        return Resource.newBuilder().addAttributes(kv("service.name", service)).build();
    }

    static ExportLogsServiceRequest logs(String service, String body, int records) {
        ScopeLogs.Builder scope = ScopeLogs.newBuilder();
        for (int i = 0; i < records; i++) {
            scope.addLogRecords(LogRecord.newBuilder().setTimeUnixNano(NOW + i).setSeverityNumberValue(9).setSeverityText("INFO")
                    .setBody(AnyValue.newBuilder().setStringValue(body))
                    .addAttributes(kv("i", Integer.toString(i)))
                    .addAttributes(KeyValue.newBuilder().setKey("list").setValue(AnyValue.newBuilder().setArrayValue(
                            ArrayValue.newBuilder().addValues(AnyValue.newBuilder().setIntValue(i)).addValues(AnyValue.newBuilder().setBoolValue(true))))));
        }
        return ExportLogsServiceRequest.newBuilder()
                .addResourceLogs(ResourceLogs.newBuilder().setResource(resource(service)).addScopeLogs(scope)).build();
    }

    static ExportTraceServiceRequest spans(String service, int count) {
        ScopeSpans.Builder scope = ScopeSpans.newBuilder();
        byte[] trace = new byte[16];
        trace[0] = 1;
        trace[15] = (byte) count;
        for (int i = 0; i < count; i++) {
            byte[] span = {0, 0, 0, 0, 0, 0, (byte) (i >> 8), (byte) (i + 1)};
            scope.addSpans(Span.newBuilder().setTraceId(ByteString.copyFrom(trace)).setSpanId(ByteString.copyFrom(span))
                    .setName("op-" + (i % 5)).setKind(Span.SpanKind.SPAN_KIND_SERVER).setStartTimeUnixNano(NOW + i)
                    .setEndTimeUnixNano(NOW + i + 1000).addAttributes(kv("http.route", "/r/" + i))
                    .addEvents(Span.Event.newBuilder().setName("e").setTimeUnixNano(NOW + i + 10)));
        }
        return ExportTraceServiceRequest.newBuilder()
                .addResourceSpans(ResourceSpans.newBuilder().setResource(resource(service)).addScopeSpans(scope)).build();
    }

    static ExportMetricsServiceRequest metrics(String service) {
        return ExportMetricsServiceRequest.newBuilder().addResourceMetrics(ResourceMetrics.newBuilder().setResource(resource(service))
                .addScopeMetrics(ScopeMetrics.newBuilder()
                        .addMetrics(Metric.newBuilder().setName("g").setGauge(Gauge.newBuilder()
                                .addDataPoints(NumberDataPoint.newBuilder().setTimeUnixNano(NOW).setAsDouble(1.5).addAttributes(kv("a", "b")))))
                        .addMetrics(Metric.newBuilder().setName("h").setHistogram(Histogram.newBuilder().setAggregationTemporalityValue(2)
                                .addDataPoints(HistogramDataPoint.newBuilder().setTimeUnixNano(NOW).setCount(3).setSum(6)
                                        .addBucketCounts(1).addBucketCounts(2).addExplicitBounds(2.5)))))).build();
    }

    /** A log whose body is a kvlist nested {@code depth} levels deep. */
    static ExportLogsServiceRequest deepKvlist(int depth) {
        AnyValue v = AnyValue.newBuilder().setStringValue("leaf").build();
        for (int i = 0; i < depth; i++) {
            v = AnyValue.newBuilder().setKvlistValue(KeyValueList.newBuilder().addValues(KeyValue.newBuilder().setKey("k").setValue(v))).build();
        }
        return ExportLogsServiceRequest.newBuilder().addResourceLogs(ResourceLogs.newBuilder().addScopeLogs(ScopeLogs.newBuilder()
                .addLogRecords(LogRecord.newBuilder().setTimeUnixNano(NOW).setBody(v)))).build();
    }
}
