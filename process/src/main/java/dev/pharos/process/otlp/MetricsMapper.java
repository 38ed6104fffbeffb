package dev.pharos.process.otlp;

import dev.pharos.store.batch.MetricsBatch;
import dev.pharos.store.batch.MetricsBatches;
import dev.pharos.store.nativeformat.FixedColumn;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.Exemplar;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.metrics.v1.SummaryDataPoint;
import java.util.List;

/**
 * OTLP metrics to the five {@code otel_metrics_*} tables, one row per data point, as the OTel
 * ClickHouse exporter writes them. A record here is a data point; a metric without data counts as one.
 */
public final class MetricsMapper {

    private MetricsMapper() {}

    public static int count(ExportMetricsServiceRequest request) {
        int n = 0;
        for (ResourceMetrics rm : request.getResourceMetricsList()) {
            for (ScopeMetrics sm : rm.getScopeMetricsList()) {
                for (Metric m : sm.getMetricsList()) {
                    n += Math.max(1, points(m));
                }
            }
        }
        return n;
    }

    private static int points(Metric m) {
        return switch (m.getDataCase()) {
            case GAUGE -> m.getGauge().getDataPointsCount();
            case SUM -> m.getSum().getDataPointsCount();
            case HISTOGRAM -> m.getHistogram().getDataPointsCount();
            case EXPONENTIAL_HISTOGRAM -> m.getExponentialHistogram().getDataPointsCount();
            case SUMMARY -> m.getSummary().getDataPointsCount();
            case DATA_NOT_SET -> 0;
        };
    }

    public static void map(ExportMetricsServiceRequest request, MetricsBatches b, RecordRules rules, MapResult result) {
        for (ResourceMetrics rm : request.getResourceMetricsList()) {
            EncodedAttributes resource = EncodedAttributes.of(rm.getResource().getAttributesList());
            String tenant = rules.tenants().tenantFor(attribute(rm.getResource().getAttributesList(), rules.tenants().attribute()));
            for (ScopeMetrics sm : rm.getScopeMetricsList()) {
                EncodedAttributes scopeAttributes = EncodedAttributes.of(sm.getScope().getAttributesList());
                Common common = new Common(resource, rm.getSchemaUrl(), sm.getScope(), scopeAttributes, sm.getSchemaUrl(), tenant);
                for (Metric m : sm.getMetricsList()) {
                    mapMetric(m, common, b, rules, result);
                }
            }
        }
    }

    /** The resource and scope part of every row of one scope; {@code tenant} null when the sender may not write the one named. */
    private record Common(EncodedAttributes resource, String resourceSchemaUrl, InstrumentationScope scope,
                          EncodedAttributes scopeAttributes, String scopeSchemaUrl, String tenant) {}

    /** The string value of resource attribute {@code key}, or null when absent or when no key is configured. */
    private static String attribute(List<KeyValue> attributes, String key) {
        if (key == null) {
            return null;
        }
        for (KeyValue kv : attributes) {
            if (kv.getKey().equals(key)) {
                return kv.getValue().getStringValue();
            }
        }
        return null;
    }

    private static void mapMetric(Metric m, Common c, MetricsBatches b, RecordRules rules, MapResult result) {
        switch (m.getDataCase()) {
            case GAUGE -> {
                for (NumberDataPoint p : m.getGauge().getDataPointsList()) {
                    if (!admit(c, p.getAttributesList(), p.getTimeUnixNano(), p.getValueCase() != NumberDataPoint.ValueCase.VALUE_NOT_SET,
                            rules, result)) {
                        continue;
                    }
                    MetricsBatch.Gauge g = b.gauge();
                    common(g, c, m, p.getAttributesList(), p.getStartTimeUnixNano(), p.getTimeUnixNano());
                    g.value.addDouble(value(p));
                    g.flags.add(p.getFlags());
                    exemplars(g.exemplars, p.getExemplarsList());
                    result.accept();
                }
            }
            case SUM -> {
                for (NumberDataPoint p : m.getSum().getDataPointsList()) {
                    if (!admit(c, p.getAttributesList(), p.getTimeUnixNano(), p.getValueCase() != NumberDataPoint.ValueCase.VALUE_NOT_SET,
                            rules, result)) {
                        continue;
                    }
                    MetricsBatch.Sum s = b.sum();
                    common(s, c, m, p.getAttributesList(), p.getStartTimeUnixNano(), p.getTimeUnixNano());
                    s.value.addDouble(value(p));
                    s.flags.add(p.getFlags());
                    exemplars(s.exemplars, p.getExemplarsList());
                    s.aggregationTemporality.add(m.getSum().getAggregationTemporalityValue());
                    s.isMonotonic.add(m.getSum().getIsMonotonic() ? 1 : 0);
                    result.accept();
                }
            }
            case HISTOGRAM -> {
                for (HistogramDataPoint p : m.getHistogram().getDataPointsList()) {
                    if (!admit(c, p.getAttributesList(), p.getTimeUnixNano(), true, rules, result)) {
                        continue;
                    }
                    MetricsBatch.Histogram h = b.histogram();
                    common(h, c, m, p.getAttributesList(), p.getStartTimeUnixNano(), p.getTimeUnixNano());
                    h.count.add(p.getCount());
                    h.sum.addDouble(p.getSum());
                    for (int i = 0; i < p.getBucketCountsCount(); i++) {
                        h.bucketCounts.elements().add(p.getBucketCounts(i));
                    }
                    h.bucketCounts.endRow();
                    for (int i = 0; i < p.getExplicitBoundsCount(); i++) {
                        h.explicitBounds.elements().addDouble(p.getExplicitBounds(i));
                    }
                    h.explicitBounds.endRow();
                    exemplars(h.exemplars, p.getExemplarsList());
                    h.flags.add(p.getFlags());
                    h.min.addDouble(p.getMin());
                    h.max.addDouble(p.getMax());
                    h.aggregationTemporality.add(m.getHistogram().getAggregationTemporalityValue());
                    result.accept();
                }
            }
            case EXPONENTIAL_HISTOGRAM -> {
                for (ExponentialHistogramDataPoint p : m.getExponentialHistogram().getDataPointsList()) {
                    if (!admit(c, p.getAttributesList(), p.getTimeUnixNano(), true, rules, result)) {
                        continue;
                    }
                    MetricsBatch.ExponentialHistogram h = b.exponentialHistogram();
                    common(h, c, m, p.getAttributesList(), p.getStartTimeUnixNano(), p.getTimeUnixNano());
                    h.count.add(p.getCount());
                    h.sum.addDouble(p.getSum());
                    h.scale.add(p.getScale());
                    h.zeroCount.add(p.getZeroCount());
                    h.positiveOffset.add(p.getPositive().getOffset());
                    addAll(h.positiveBucketCounts.elements(), p.getPositive().getBucketCountsList());
                    h.positiveBucketCounts.endRow();
                    h.negativeOffset.add(p.getNegative().getOffset());
                    addAll(h.negativeBucketCounts.elements(), p.getNegative().getBucketCountsList());
                    h.negativeBucketCounts.endRow();
                    exemplars(h.exemplars, p.getExemplarsList());
                    h.flags.add(p.getFlags());
                    h.min.addDouble(p.getMin());
                    h.max.addDouble(p.getMax());
                    h.aggregationTemporality.add(m.getExponentialHistogram().getAggregationTemporalityValue());
                    result.accept();
                }
            }
            case SUMMARY -> {
                for (SummaryDataPoint p : m.getSummary().getDataPointsList()) {
                    if (!admit(c, p.getAttributesList(), p.getTimeUnixNano(), true, rules, result)) {
                        continue;
                    }
                    MetricsBatch.Summary s = b.summary();
                    common(s, c, m, p.getAttributesList(), p.getStartTimeUnixNano(), p.getTimeUnixNano());
                    s.count.add(p.getCount());
                    s.sum.addDouble(p.getSum());
                    for (SummaryDataPoint.ValueAtQuantile q : p.getQuantileValuesList()) {
                        s.quantile.elements().addDouble(q.getQuantile());
                        s.quantileValue.elements().addDouble(q.getValue());
                    }
                    s.quantile.endRow();
                    s.quantileValue.endRow();
                    s.flags.add(p.getFlags());
                    result.accept();
                }
            }
            case DATA_NOT_SET -> result.reject(Rejection.NO_VALUE);
        }
    }

    private static boolean admit(Common c, List<KeyValue> attributes, long time, boolean hasValue, RecordRules rules, MapResult result) {
        Rejection why = null;
        if (!hasValue) {
            why = Rejection.NO_VALUE;
        } else if (attributes.size() > rules.maxAttributes() || c.resource().size() > rules.maxAttributes()
                || c.scopeAttributes().size() > rules.maxAttributes()) {
            why = Rejection.TOO_MANY_ATTRIBUTES;
        } else if (rules.tooOld(time)) {
            why = Rejection.TOO_OLD;
        } else if (c.tenant() == null) {
            why = Rejection.TENANT_NOT_ALLOWED;
        }
        if (why != null) {
            result.reject(why);
            return false;
        }
        return true;
    }

    private static void common(MetricsBatch b, Common c, Metric m, List<KeyValue> attributes, long start, long time) {
        c.resource().writeRow(b.resourceAttributes);
        b.resourceSchemaUrl.add(c.resourceSchemaUrl());
        b.scopeName.add(c.scope().getName());
        b.scopeVersion.add(c.scope().getVersion());
        c.scopeAttributes().writeRow(b.scopeAttributes);
        b.scopeDroppedAttrCount.add(c.scope().getDroppedAttributesCount());
        b.scopeSchemaUrl.add(c.scopeSchemaUrl());
        b.serviceName.add(c.resource().serviceName());
        b.tenant.add(c.tenant());
        b.metricName.add(m.getName());
        b.metricDescription.add(m.getDescription());
        b.metricUnit.add(m.getUnit());
        EncodedAttributes.writeRow(attributes, b.attributes);
        b.startTimeUnix.add(start);
        b.timeUnix.add(time);
    }

    private static double value(NumberDataPoint p) {
        return p.getValueCase() == NumberDataPoint.ValueCase.AS_INT ? p.getAsInt() : p.getAsDouble();
    }

    private static void addAll(FixedColumn column, List<Long> values) {
        for (int i = 0, n = values.size(); i < n; i++) {
            column.add(values.get(i));
        }
    }

    private static void exemplars(MetricsBatch.Exemplars x, List<Exemplar> exemplars) {
        for (Exemplar e : exemplars) {
            EncodedAttributes.writeRow(e.getFilteredAttributesList(), x.filteredAttributes.elements());
            x.timeUnix.elements().add(e.getTimeUnixNano());
            x.value.elements().addDouble(e.getValueCase() == Exemplar.ValueCase.AS_INT ? e.getAsInt() : e.getAsDouble());
            x.spanId.elements().add(AttributeText.hexId(e.getSpanId()));
            x.traceId.elements().add(AttributeText.hexId(e.getTraceId()));
        }
        x.filteredAttributes.endRow();
        x.timeUnix.endRow();
        x.value.endRow();
        x.spanId.endRow();
        x.traceId.endRow();
    }
}
