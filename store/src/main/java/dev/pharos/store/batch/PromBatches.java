package dev.pharos.store.batch;

import dev.pharos.store.nativeformat.Column;
import dev.pharos.store.nativeformat.FixedColumn;
import dev.pharos.store.nativeformat.StringColumn;
import dev.pharos.store.nativeformat.StringMapColumn;
import java.util.List;

/** One batch per Prometheus table: a remote-write request fills samples, and series/metadata/exemplars when new. */
public record PromBatches(Samples samples, Series series, Metadata metadata, Exemplars exemplars) {

    public PromBatches() {
        this(new Samples(), new Series(), new Metadata(), new Exemplars());
    }

    public List<TableBatch> all() {
        return List.of(samples, series, metadata, exemplars);
    }

    /**
     * Rows for {@code prom_samples}. A value is a decimal mantissa and scale when that is exact, else
     * its raw bits in {@code ValueFloat} (the staleness marker is one NaN among many); see {@link DecimalSample}.
     */
    public static final class Samples extends TableBatch {
        public static final String TABLE = "prom_samples";
        public final StringColumn tenant = StringColumn.lowCardinality("Tenant");
        public final StringColumn metricName = StringColumn.lowCardinality("MetricName");
        public final FixedColumn fingerprint = new FixedColumn("Fingerprint", "UInt64");
        public final FixedColumn timestamp = new FixedColumn("Timestamp", "DateTime64(3)");
        private final FixedColumn value = new FixedColumn(DecimalSample.RAW_COLUMN, "Float64");
        private final FixedColumn valueMantissa = new FixedColumn("ValueMantissa", "Int64");
        private final FixedColumn valueScale = new FixedColumn("ValueScale", "Int8");

        public Samples() {
            super(TABLE);
        }

        /** The value of the row whose other columns were just added, as the bits of a double. */
        public void addValue(long bits) {
            int scale = DecimalSample.scaleOf(bits);
            value.add(scale == DecimalSample.RAW ? bits : 0L);
            valueMantissa.add(scale == DecimalSample.RAW ? 0L : DecimalSample.mantissa(bits, scale));
            valueScale.add(scale);
        }

        @Override
        protected List<Column> columns() {
            return List.of(tenant, metricName, fingerprint, timestamp, value, valueMantissa, valueScale);
        }
    }

    /** Rows for {@code prom_series}: labels without {@code __name__}, and when the series was written. */
    public static final class Series extends TableBatch {
        public static final String TABLE = "prom_series";
        public final StringColumn tenant = StringColumn.lowCardinality("Tenant");
        public final StringColumn metricName = StringColumn.lowCardinality("MetricName");
        public final FixedColumn fingerprint = new FixedColumn("Fingerprint", "UInt64");
        public final StringMapColumn labels = StringMapColumn.lowCardinalityKeys("Labels");
        public final FixedColumn firstSeen = new FixedColumn("FirstSeen", "DateTime");
        public final FixedColumn lastSeen = new FixedColumn("LastSeen", "DateTime");

        /**
         * What one ingested row covers: the hour its sample fell in. Ingest writes a series' row once per hour
         * ({@code SeriesCache}), and PromQL's series lookup rounds its window to the same hours.
         */
        public static final long SPAN_MS = 3_600_000L;

        public Series() {
            super(TABLE);
        }

        /** FirstSeen and LastSeen of an ingested row: the whole hour holding {@code timeMs}. */
        public void coverSpanOf(long timeMs) {
            long start = Math.floorDiv(timeMs, SPAN_MS) * (SPAN_MS / 1000);
            firstSeen.add(start);
            lastSeen.add(start + SPAN_MS / 1000 - 1);
        }

        @Override
        protected List<Column> columns() {
            return List.of(tenant, metricName, fingerprint, labels, firstSeen, lastSeen);
        }
    }

    /** Rows for {@code prom_metadata}. */
    public static final class Metadata extends TableBatch {
        public static final String TABLE = "prom_metadata";
        public final StringColumn tenant = StringColumn.lowCardinality("Tenant");
        public final StringColumn metricFamily = StringColumn.lowCardinality("MetricFamily");
        public final StringColumn type = StringColumn.lowCardinality("Type");
        public final StringColumn help = new StringColumn("Help");
        public final StringColumn unit = StringColumn.lowCardinality("Unit");
        public final FixedColumn updated = new FixedColumn("Updated", "DateTime");

        public Metadata() {
            super(TABLE);
        }

        @Override
        protected List<Column> columns() {
            return List.of(tenant, metricFamily, type, help, unit, updated);
        }
    }

    /** Rows for {@code prom_exemplars}. */
    public static final class Exemplars extends TableBatch {
        public static final String TABLE = "prom_exemplars";
        public final StringColumn tenant = StringColumn.lowCardinality("Tenant");
        public final StringColumn metricName = StringColumn.lowCardinality("MetricName");
        public final FixedColumn fingerprint = new FixedColumn("Fingerprint", "UInt64");
        public final FixedColumn timestamp = new FixedColumn("Timestamp", "DateTime64(3)");
        public final FixedColumn value = new FixedColumn("Value", "Float64");
        public final StringMapColumn labels = StringMapColumn.lowCardinalityKeys("Labels");

        public Exemplars() {
            super(TABLE);
        }

        @Override
        protected List<Column> columns() {
            return List.of(tenant, metricName, fingerprint, timestamp, value, labels);
        }
    }
}
