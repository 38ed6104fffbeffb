package dev.pharos.process.prometheus;

import dev.pharos.process.otlp.AttributeText;
import dev.pharos.process.otlp.RecordRules;
import dev.pharos.store.batch.PromBatches;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.metrics.v1.SummaryDataPoint;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * OTLP metrics as Prometheus series, written next to the OTel tables so one PromQL query sees
 * what OTel SDKs and Prometheus both sent. Follows Prometheus's own OTLP translation: the
 * resource's {@code service.namespace}/{@code service.name} become {@code job},
 * {@code service.instance.id} becomes {@code instance}, the other resource attributes go to a
 * {@code target_info} series; gauges and cumulative sums as they are (monotonic sums as
 * {@code _total}); explicit-bucket histograms as {@code _bucket{le}} (cumulative, with {@code +Inf}),
 * {@code _sum} and {@code _count}; summaries as {@code {quantile}}, {@code _sum}, {@code _count}.
 * Delta temporality and exponential histograms have no classic Prometheus form and are kept in
 * the OTel tables only. A point flagged "no recorded value" becomes a staleness marker.
 */
public final class OtlpMetricsTranslator {

    private static final int NO_RECORDED_VALUE = 1;

    private final PromSampleWriter writer;

    public OtlpMetricsTranslator(SeriesCache cache) {
        this.writer = new PromSampleWriter(cache);
    }

    public void map(ExportMetricsServiceRequest request, PromBatches b, RecordRules rules) {
        for (ResourceMetrics rm : request.getResourceMetricsList()) {
            List<KeyValue> resource = rm.getResource().getAttributesList();
            String named = rules.tenants().attribute() == null ? null : stringValue(resource, rules.tenants().attribute());
            String tenant = rules.tenants().tenantFor(named);
            if (tenant == null) {
                continue;
            }
            Map<String, String> target = targetLabels(resource);
            long lastTime = 0;
            for (ScopeMetrics sm : rm.getScopeMetricsList()) {
                for (Metric m : sm.getMetricsList()) {
                    lastTime = Math.max(lastTime, metric(m, target, tenant, b, rules));
                }
            }
            if (lastTime > 0 && resource.size() > 2) {
                Map<String, String> info = new TreeMap<>(target);
                for (KeyValue kv : resource) {
                    if (!kv.getKey().equals("service.name") && !kv.getKey().equals("service.namespace")
                            && !kv.getKey().equals("service.instance.id")) {
                        info.put(PrometheusNames.label(kv.getKey()), AttributeText.of(kv.getValue()));
                    }
                }
                writer.write(b, tenant, "target_info", info, lastTime, 1.0);
            }
        }
    }

    /** job and instance, as Prometheus derives them from the resource. */
    private static Map<String, String> targetLabels(List<KeyValue> resource) {
        String service = stringValue(resource, "service.name");
        String namespace = stringValue(resource, "service.namespace");
        String instance = stringValue(resource, "service.instance.id");
        Map<String, String> labels = new TreeMap<>();
        if (service != null) {
            labels.put("job", namespace == null ? service : namespace + "/" + service);
        }
        if (instance != null) {
            labels.put("instance", instance);
        }
        return labels;
    }

    /** Writes a metric's points; returns the latest point time (ms), 0 when nothing was written. */
    private long metric(Metric m, Map<String, String> target, String tenant, PromBatches b, RecordRules rules) {
        long last = 0;
        switch (m.getDataCase()) {
            case GAUGE -> {
                String name = PrometheusNames.metric(m.getName(), m.getUnit(), false, true);
                for (NumberDataPoint p : m.getGauge().getDataPointsList()) {
                    last = Math.max(last, number(name, p, target, tenant, b, rules));
                }
            }
            case SUM -> {
                if (m.getSum().getAggregationTemporality() != AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE) {
                    return 0;
                }
                String name = PrometheusNames.metric(m.getName(), m.getUnit(), m.getSum().getIsMonotonic(), !m.getSum().getIsMonotonic());
                for (NumberDataPoint p : m.getSum().getDataPointsList()) {
                    last = Math.max(last, number(name, p, target, tenant, b, rules));
                }
            }
            case HISTOGRAM -> {
                if (m.getHistogram().getAggregationTemporality() != AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE) {
                    return 0;
                }
                String name = PrometheusNames.metric(m.getName(), m.getUnit(), false, false);
                for (HistogramDataPoint p : m.getHistogram().getDataPointsList()) {
                    last = Math.max(last, histogram(name, p, target, tenant, b, rules));
                }
            }
            case SUMMARY -> {
                String name = PrometheusNames.metric(m.getName(), m.getUnit(), false, false);
                for (SummaryDataPoint p : m.getSummary().getDataPointsList()) {
                    last = Math.max(last, summary(name, p, target, tenant, b, rules));
                }
            }
            default -> {
                return 0;
            }
        }
        return last;
    }

    private long number(String name, NumberDataPoint p, Map<String, String> target, String tenant, PromBatches b, RecordRules rules) {
        long t = p.getTimeUnixNano() / 1_000_000L;
        if (rules.tooOld(p.getTimeUnixNano()) || p.getValueCase() == NumberDataPoint.ValueCase.VALUE_NOT_SET) {
            return 0;
        }
        double v = (p.getFlags() & NO_RECORDED_VALUE) != 0 ? StaleMarker.VALUE
                : p.getValueCase() == NumberDataPoint.ValueCase.AS_INT ? p.getAsInt() : p.getAsDouble();
        writer.write(b, tenant, name, labels(target, p.getAttributesList()), t, v);
        return t;
    }

    private long histogram(String name, HistogramDataPoint p, Map<String, String> target, String tenant, PromBatches b, RecordRules rules) {
        if (rules.tooOld(p.getTimeUnixNano())) {
            return 0;
        }
        long t = p.getTimeUnixNano() / 1_000_000L;
        boolean stale = (p.getFlags() & NO_RECORDED_VALUE) != 0;
        Map<String, String> base = labels(target, p.getAttributesList());
        long cumulative = 0;
        for (int i = 0; i < p.getExplicitBoundsCount() && i < p.getBucketCountsCount(); i++) {
            cumulative += p.getBucketCounts(i);
            Map<String, String> l = new TreeMap<>(base);
            l.put("le", formatBound(p.getExplicitBounds(i)));
            writer.write(b, tenant, name + "_bucket", l, t, stale ? StaleMarker.VALUE : cumulative);
        }
        Map<String, String> inf = new TreeMap<>(base);
        inf.put("le", "+Inf");
        writer.write(b, tenant, name + "_bucket", inf, t, stale ? StaleMarker.VALUE : p.getCount());
        if (p.hasSum()) {
            writer.write(b, tenant, name + "_sum", base, t, stale ? StaleMarker.VALUE : p.getSum());
        }
        writer.write(b, tenant, name + "_count", base, t, stale ? StaleMarker.VALUE : p.getCount());
        return t;
    }

    private long summary(String name, SummaryDataPoint p, Map<String, String> target, String tenant, PromBatches b, RecordRules rules) {
        if (rules.tooOld(p.getTimeUnixNano())) {
            return 0;
        }
        long t = p.getTimeUnixNano() / 1_000_000L;
        boolean stale = (p.getFlags() & NO_RECORDED_VALUE) != 0;
        Map<String, String> base = labels(target, p.getAttributesList());
        for (SummaryDataPoint.ValueAtQuantile q : p.getQuantileValuesList()) {
            Map<String, String> l = new TreeMap<>(base);
            l.put("quantile", formatBound(q.getQuantile()));
            writer.write(b, tenant, name, l, t, stale ? StaleMarker.VALUE : q.getValue());
        }
        writer.write(b, tenant, name + "_sum", base, t, stale ? StaleMarker.VALUE : p.getSum());
        writer.write(b, tenant, name + "_count", base, t, stale ? StaleMarker.VALUE : p.getCount());
        return t;
    }

    /** Bounds as Prometheus client libraries print them: integers without a fraction, e.g. "0.5", "1", "+Inf". */
    static String formatBound(double v) {
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return Double.toString(v).replace("E", "e+").replace("e+-", "e-");
    }

    /**
     * Point attributes as labels on top of job/instance; keys that collide after escaping keep all
     * values joined by ';' in key order, as Prometheus does.
     */
    private static Map<String, String> labels(Map<String, String> target, List<KeyValue> attributes) {
        Map<String, String> out = new TreeMap<>(target);
        Map<String, String> byKey = new TreeMap<>();
        for (KeyValue kv : attributes) {
            byKey.put(kv.getKey(), AttributeText.of(kv.getValue()));
        }
        Map<String, String> escaped = new TreeMap<>();
        for (var e : byKey.entrySet()) {
            escaped.merge(PrometheusNames.label(e.getKey()), e.getValue(), (a, c) -> a + ";" + c);
        }
        out.putAll(escaped);
        return out;
    }

    private static String stringValue(List<KeyValue> attributes, String key) {
        for (KeyValue kv : attributes) {
            if (kv.getKey().equals(key)) {
                return AttributeText.of(kv.getValue());
            }
        }
        return null;
    }
}
