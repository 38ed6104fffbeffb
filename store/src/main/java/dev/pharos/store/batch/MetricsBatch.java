package dev.pharos.store.batch;

import dev.pharos.store.nativeformat.ArrayColumn;
import dev.pharos.store.nativeformat.Column;
import dev.pharos.store.nativeformat.FixedColumn;
import dev.pharos.store.nativeformat.StringColumn;
import dev.pharos.store.nativeformat.StringMapColumn;
import java.util.ArrayList;
import java.util.List;

/**
 * Rows for one of the {@code otel_metrics_*} tables: one per data point. The columns every metric
 * table shares live here; each subclass adds the columns of its point type.
 */
public abstract sealed class MetricsBatch extends TableBatch {

    public final StringMapColumn resourceAttributes = StringMapColumn.lowCardinalityKeys("ResourceAttributes");
    public final StringColumn resourceSchemaUrl = new StringColumn("ResourceSchemaUrl");
    public final StringColumn scopeName = new StringColumn("ScopeName");
    public final StringColumn scopeVersion = new StringColumn("ScopeVersion");
    public final StringMapColumn scopeAttributes = StringMapColumn.lowCardinalityKeys("ScopeAttributes");
    public final FixedColumn scopeDroppedAttrCount = new FixedColumn("ScopeDroppedAttrCount", "UInt32");
    public final StringColumn scopeSchemaUrl = new StringColumn("ScopeSchemaUrl");
    public final StringColumn serviceName = StringColumn.lowCardinality("ServiceName");
    public final StringColumn metricName = StringColumn.lowCardinality("MetricName");
    public final StringColumn metricDescription = new StringColumn("MetricDescription");
    public final StringColumn metricUnit = new StringColumn("MetricUnit");
    public final StringMapColumn attributes = StringMapColumn.lowCardinalityKeys("Attributes");
    public final FixedColumn startTimeUnix = new FixedColumn("StartTimeUnix", "DateTime64(9)");
    public final FixedColumn timeUnix = new FixedColumn("TimeUnix", "DateTime64(9)");
    /** Whose record this is; see the tenancy section of docs/security.md. */
    public final StringColumn tenant = StringColumn.lowCardinality("Tenant");

    protected MetricsBatch(String table) {
        super(table);
    }

    /** The columns of the point type, after the shared ones. */
    protected abstract List<Column> pointColumns();

    @Override
    protected final List<Column> columns() {
        List<Column> all = new ArrayList<>(List.of(resourceAttributes, resourceSchemaUrl, scopeName, scopeVersion,
                scopeAttributes, scopeDroppedAttrCount, scopeSchemaUrl, serviceName, metricName, metricDescription,
                metricUnit, attributes, startTimeUnix, timeUnix, tenant));
        all.addAll(pointColumns());
        return all;
    }

    /** The Exemplars Nested columns, shared by gauge, sum, histogram and exponential histogram. */
    public static final class Exemplars {
        public final ArrayColumn<StringMapColumn> filteredAttributes = new ArrayColumn<>("Exemplars.FilteredAttributes", new StringMapColumn(""));
        public final ArrayColumn<FixedColumn> timeUnix = new ArrayColumn<>("Exemplars.TimeUnix", new FixedColumn("", "DateTime64(9)"));
        public final ArrayColumn<FixedColumn> value = new ArrayColumn<>("Exemplars.Value", new FixedColumn("", "Float64"));
        public final ArrayColumn<StringColumn> spanId = new ArrayColumn<>("Exemplars.SpanId", new StringColumn(""));
        public final ArrayColumn<StringColumn> traceId = new ArrayColumn<>("Exemplars.TraceId", new StringColumn(""));

        List<Column> columns() {
            return List.of(filteredAttributes, timeUnix, value, spanId, traceId);
        }
    }

    public static final class Gauge extends MetricsBatch {
        public static final String TABLE = "otel_metrics_gauge";
        public final FixedColumn value = new FixedColumn("Value", "Float64");
        public final FixedColumn flags = new FixedColumn("Flags", "UInt32");
        public final Exemplars exemplars = new Exemplars();

        public Gauge() {
            super(TABLE);
        }

        @Override
        protected List<Column> pointColumns() {
            List<Column> c = new ArrayList<>(List.of(value, flags));
            c.addAll(exemplars.columns());
            return c;
        }
    }

    public static final class Sum extends MetricsBatch {
        public static final String TABLE = "otel_metrics_sum";
        public final FixedColumn value = new FixedColumn("Value", "Float64");
        public final FixedColumn flags = new FixedColumn("Flags", "UInt32");
        public final Exemplars exemplars = new Exemplars();
        public final FixedColumn aggregationTemporality = new FixedColumn("AggregationTemporality", "Int32");
        public final FixedColumn isMonotonic = new FixedColumn("IsMonotonic", "Bool");

        public Sum() {
            super(TABLE);
        }

        @Override
        protected List<Column> pointColumns() {
            List<Column> c = new ArrayList<>(List.of(value, flags));
            c.addAll(exemplars.columns());
            c.add(aggregationTemporality);
            c.add(isMonotonic);
            return c;
        }
    }

    public static final class Histogram extends MetricsBatch {
        public static final String TABLE = "otel_metrics_histogram";
        public final FixedColumn count = new FixedColumn("Count", "UInt64");
        public final FixedColumn sum = new FixedColumn("Sum", "Float64");
        public final ArrayColumn<FixedColumn> bucketCounts = new ArrayColumn<>("BucketCounts", new FixedColumn("", "UInt64"));
        public final ArrayColumn<FixedColumn> explicitBounds = new ArrayColumn<>("ExplicitBounds", new FixedColumn("", "Float64"));
        public final Exemplars exemplars = new Exemplars();
        public final FixedColumn flags = new FixedColumn("Flags", "UInt32");
        public final FixedColumn min = new FixedColumn("Min", "Float64");
        public final FixedColumn max = new FixedColumn("Max", "Float64");
        public final FixedColumn aggregationTemporality = new FixedColumn("AggregationTemporality", "Int32");

        public Histogram() {
            super(TABLE);
        }

        @Override
        protected List<Column> pointColumns() {
            List<Column> c = new ArrayList<>(List.of(count, sum, bucketCounts, explicitBounds));
            c.addAll(exemplars.columns());
            c.addAll(List.of(flags, min, max, aggregationTemporality));
            return c;
        }
    }

    public static final class ExponentialHistogram extends MetricsBatch {
        public static final String TABLE = "otel_metrics_exponential_histogram";
        public final FixedColumn count = new FixedColumn("Count", "UInt64");
        public final FixedColumn sum = new FixedColumn("Sum", "Float64");
        public final FixedColumn scale = new FixedColumn("Scale", "Int32");
        public final FixedColumn zeroCount = new FixedColumn("ZeroCount", "UInt64");
        public final FixedColumn positiveOffset = new FixedColumn("PositiveOffset", "Int32");
        public final ArrayColumn<FixedColumn> positiveBucketCounts = new ArrayColumn<>("PositiveBucketCounts", new FixedColumn("", "UInt64"));
        public final FixedColumn negativeOffset = new FixedColumn("NegativeOffset", "Int32");
        public final ArrayColumn<FixedColumn> negativeBucketCounts = new ArrayColumn<>("NegativeBucketCounts", new FixedColumn("", "UInt64"));
        public final Exemplars exemplars = new Exemplars();
        public final FixedColumn flags = new FixedColumn("Flags", "UInt32");
        public final FixedColumn min = new FixedColumn("Min", "Float64");
        public final FixedColumn max = new FixedColumn("Max", "Float64");
        public final FixedColumn aggregationTemporality = new FixedColumn("AggregationTemporality", "Int32");

        public ExponentialHistogram() {
            super(TABLE);
        }

        @Override
        protected List<Column> pointColumns() {
            List<Column> c = new ArrayList<>(List.of(count, sum, scale, zeroCount, positiveOffset, positiveBucketCounts,
                    negativeOffset, negativeBucketCounts));
            c.addAll(exemplars.columns());
            c.addAll(List.of(flags, min, max, aggregationTemporality));
            return c;
        }
    }

    public static final class Summary extends MetricsBatch {
        public static final String TABLE = "otel_metrics_summary";
        public final FixedColumn count = new FixedColumn("Count", "UInt64");
        public final FixedColumn sum = new FixedColumn("Sum", "Float64");
        public final ArrayColumn<FixedColumn> quantile = new ArrayColumn<>("ValueAtQuantiles.Quantile", new FixedColumn("", "Float64"));
        public final ArrayColumn<FixedColumn> quantileValue = new ArrayColumn<>("ValueAtQuantiles.Value", new FixedColumn("", "Float64"));
        public final FixedColumn flags = new FixedColumn("Flags", "UInt32");

        public Summary() {
            super(TABLE);
        }

        @Override
        protected List<Column> pointColumns() {
            return List.of(count, sum, quantile, quantileValue, flags);
        }
    }
}
