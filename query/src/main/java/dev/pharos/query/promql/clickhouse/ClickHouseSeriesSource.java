package dev.pharos.query.promql.clickhouse;

import dev.pharos.query.EngineErrors;
import dev.pharos.query.QueryOptions;
import dev.pharos.query.Sql;
import dev.pharos.query.promql.PromqlException;
import dev.pharos.query.promql.storage.LabelMatcher;
import dev.pharos.query.promql.storage.Labels;
import dev.pharos.query.promql.storage.SelectHints;
import dev.pharos.query.promql.storage.Series;
import dev.pharos.query.promql.storage.SeriesSource;
import dev.pharos.store.ClickHouse;
import dev.pharos.store.ClickHouseException;
import dev.pharos.store.batch.PromBatches;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * PromQL's storage: two queries per selector. The first finds the series (labels) in
 * {@code prom_series}; the second reads their samples in the window from {@code prom_samples}
 * in key order (tenant, metric, fingerprint, time), so every series arrives contiguous and
 * sorted, with values decoded by the engine ({@code Value}, an ALIAS column; see {@code DecimalSample}), in the
 * engine's Native format (see {@link NativeColumns}). Both run with the caller's tenant filter (see
 * {@link QueryOptions#settings()}). For a selector naming only its metric the two run at the same time.
 */
public final class ClickHouseSeriesSource implements SeriesSource {

    /** Most series the sample query names itself (see {@link #sampleFilter}). */
    static final int LISTED_SERIES = 10_000;

    /** Ingested series rows cover whole hours of this length. */
    private static final long HOUR_MS = PromBatches.Series.SPAN_MS;

    /**
     * Runs series lookups next to the sample reads that do not wait for them. Platform threads: the work is one
     * native call into the engine, which would pin a virtual thread's carrier for its whole length.
     */
    private static final ExecutorService LOOKUPS = Executors.newCachedThreadPool(
            Thread.ofPlatform().name("pharos-promql-lookup-", 0).daemon().factory());

    private final ClickHouse clickHouse;
    private final PromTables tables;
    private final int maxSeries;
    private final long maxSamples;
    private final SeriesLookupCache lookups;

    /**
     * @param maxSeries most series one selector may match
     * @param maxSamples most samples one selector may read
     * @param lookups series lookups answered before, or null to ask the engine every time
     */
    public ClickHouseSeriesSource(ClickHouse clickHouse, QueryOptions options, int maxSeries, long maxSamples, SeriesLookupCache lookups) {
        this.clickHouse = clickHouse;
        this.tables = new PromTables(options);
        this.maxSeries = maxSeries;
        this.maxSamples = maxSamples;
        this.lookups = lookups;
    }

    record Key(String tenant, long fingerprint) {}

    @Override
    public List<Series> select(List<LabelMatcher> matchers, long minTimeMs, long maxTimeMs, SelectHints hints) {
        if (minTimeMs > maxTimeMs) {
            return List.of();
        }
        // Widened to whole hours: series rows cover whole hours (remote write and OTLP write one per series and hour), so
        // this finds the same series, or more where a row is narrower (PromWriter's), and those have no samples in the window
        // and drop out when read. The lookup's text then stays the same for a dashboard refreshed within the hour.
        boolean extreme = minTimeMs < Long.MIN_VALUE + HOUR_MS || maxTimeMs > Long.MAX_VALUE - HOUR_MS;
        String where = extreme ? tables.seriesWhere(matchers, minTimeMs, maxTimeMs)
                : tables.seriesWhere(matchers, Math.floorDiv(minTimeMs, HOUR_MS) * HOUR_MS, Math.floorDiv(maxTimeMs, HOUR_MS) * HOUR_MS + HOUR_MS - 1);
        String metric = onlyMetricName(matchers);
        if (metric != null) {
            // The read does not need the lookup's answer: both run at once, on two of the engine's read connections.
            Future<Map<Key, Labels>> lookup = LOOKUPS.submit(() -> seriesLabels(matchers, where));
            byte[] samples;
            try {
                samples = run(sampleSql("MetricName = " + Sql.string(metric), minTimeMs, maxTimeMs), "Native");
            } catch (RuntimeException e) {
                // The lookup's own error (too many series) says more than the read's; otherwise the read's.
                await(lookup);
                throw e;
            }
            Map<Key, Labels> labels = await(lookup);
            return labels.isEmpty() ? List.of() : samples(samples, labels);
        }
        Map<Key, Labels> labels = seriesLabels(matchers, where);
        if (labels.isEmpty()) {
            return List.of();
        }
        // Almost always one tenant: then it is a key prefix in the filter.
        String tenant = singleTenant(labels);
        String filter = (tenant == null ? "" : "Tenant = " + Sql.string(tenant) + " AND ") + sampleFilter(matchers, labels, tables.series(), where);
        return samples(run(sampleSql(filter, minTimeMs, maxTimeMs), "Native"), labels);
    }

    /** The metric name when it is the selector's only matcher, the usual {@code rate(http_requests_total[5m])}. */
    private static String onlyMetricName(List<LabelMatcher> matchers) {
        if (matchers.size() != 1) {
            return null;
        }
        LabelMatcher m = matchers.getFirst();
        return m.name().equals(Labels.METRIC_NAME) && m.type() == LabelMatcher.Type.EQUAL ? m.value() : null;
    }

    /** Samples in the window, in key order: every series contiguous and time-ordered. */
    private String sampleSql(String filter, long minTimeMs, long maxTimeMs) {
        return "SELECT Tenant, Fingerprint, Timestamp, Value FROM " + tables.samples() + " WHERE " + filter
                + " AND Timestamp >= fromUnixTimestamp64Milli(toInt64(" + minTimeMs + "))"
                + " AND Timestamp <= fromUnixTimestamp64Milli(toInt64(" + maxTimeMs + "))"
                + " ORDER BY Tenant, MetricName, Fingerprint, Timestamp" + tables.settings();
    }

    private static Map<Key, Labels> await(Future<Map<Key, Labels>> lookup) {
        try {
            return lookup.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new PromqlException(PromqlException.Kind.INTERNAL, "series lookup failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            lookup.cancel(true);
            throw new PromqlException(PromqlException.Kind.INTERNAL, "interrupted while looking up series", e);
        }
    }

    private static String singleTenant(Map<Key, Labels> labels) {
        String tenant = null;
        for (Key k : labels.keySet()) {
            if (tenant != null && !tenant.equals(k.tenant())) {
                return null;
            }
            tenant = k.tenant();
        }
        return tenant;
    }

    /**
     * Which samples to read when the selector has label matchers besides the metric name (a selector
     * naming only the metric reads the metric whole, see {@link #select}): the series the lookup found,
     * listed by metric and fingerprint so the engine reads only their granules; past {@link #LISTED_SERIES}
     * the lookup runs again as a subquery instead of making the query text huge.
     */
    private static String sampleFilter(List<LabelMatcher> matchers, Map<Key, Labels> found, String seriesTable, String seriesWhere) {
        LabelMatcher name = null;
        for (LabelMatcher m : matchers) {
            if (m.name().equals(Labels.METRIC_NAME) && m.type() == LabelMatcher.Type.EQUAL) {
                name = m;
            }
        }
        if (found.size() <= LISTED_SERIES) {
            // Per metric, its fingerprints: the engine prunes by this far better than by (name, fingerprint) tuples.
            // Rows of another tenant's series with the same fingerprint are skipped while reading.
            Map<String, StringBuilder> byMetric = new TreeMap<>();
            for (Map.Entry<Key, Labels> e : found.entrySet()) {
                StringBuilder fps = byMetric.computeIfAbsent(e.getValue().metricName(), k -> new StringBuilder());
                fps.append(fps.isEmpty() ? "" : ", ").append(Long.toUnsignedString(e.getKey().fingerprint()));
            }
            List<String> any = new ArrayList<>();
            byMetric.forEach((metric, fps) -> any.add("(MetricName = " + Sql.string(metric) + " AND Fingerprint IN (" + fps + "))"));
            return "(" + String.join(" OR ", any) + ")";
        }
        String metric = name != null ? "MetricName = " + Sql.string(name.value())
                : "MetricName IN (SELECT MetricName FROM " + seriesTable + " WHERE " + seriesWhere + ")";
        return metric + " AND (Tenant, Fingerprint) IN (SELECT Tenant, Fingerprint FROM " + seriesTable + " WHERE " + seriesWhere + ")";
    }

    /**
     * The label sets of the matching series, checked in Java against the matchers (exact PromQL semantics). Rows of one
     * series not merged yet carry the same name and labels (the fingerprint is their hash), so the first row of each is
     * enough: {@code LIMIT 1 BY} costs the engine about two thirds of a {@code GROUP BY} with {@code any()}.
     */
    private Map<Key, Labels> seriesLabels(List<LabelMatcher> matchers, String where) {
        String sql = "SELECT Tenant, Fingerprint, MetricName, Labels FROM " + tables.series() + " WHERE " + where
                + " LIMIT 1 BY Tenant, Fingerprint LIMIT " + (maxSeries + 1L) + tables.settings();
        Map<Key, Labels> known = lookups == null ? null : lookups.get(sql);
        if (known != null) {
            return known;
        }
        long version = lookups == null ? 0 : lookups.version();
        RowBinaryReader r = new RowBinaryReader(run(sql, "RowBinary"));
        Map<Key, Labels> out = new HashMap<>();
        while (r.hasMore()) {
            String tenant = r.string();
            long fp = r.int64();
            Labels.Builder b = Labels.builder().set(Labels.METRIC_NAME, r.string());
            int n = r.varUInt();
            for (int i = 0; i < n; i++) {
                b.set(r.string(), r.string());
            }
            Labels l = b.build();
            if (matchesAll(matchers, l)) {
                out.put(new Key(tenant, fp), l);
            }
        }
        if (out.size() > maxSeries) {
            throw new PromqlException(PromqlException.Kind.EXECUTION, "the selector matches more than " + maxSeries
                    + " series (promql.maxSeries); add label matchers to narrow it");
        }
        Map<Key, Labels> found = Collections.unmodifiableMap(out);
        if (lookups != null) {
            lookups.put(sql, version, found);
        }
        return found;
    }

    private static boolean matchesAll(List<LabelMatcher> matchers, Labels l) {
        for (LabelMatcher m : matchers) {
            String v = l.get(m.name());
            if (!m.matches(v == null ? "" : v)) {
                return false;
            }
        }
        return true;
    }

    /** Column types of the sample read, in its Native result. */
    private static final List<String> SAMPLE_COLUMNS = List.of("LowCardinality(String)", "UInt64", "DateTime64(3)", "Float64");

    /**
     * Native blocks of (Tenant, Fingerprint, Timestamp, Value), see {@link NativeColumns}, taken a run of one series' rows
     * at a time: the key is compared once per run, and the rows of series the lookup did not return are skipped without
     * being copied, which costs less than the engine matching every row against a set of series.
     */
    private List<Series> samples(byte[] data, Map<Key, Labels> labels) {
        NativeColumns blocks = new NativeColumns(data, SAMPLE_COLUMNS);
        SeriesAssembler out = new SeriesAssembler(labels);
        while (blocks.nextBlock()) {
            int rows = blocks.rows();
            int from = 0;
            while (from < rows) {
                // The same String instance for the same tenant within a block.
                String tenant = blocks.lowCardinalityString(0, from);
                long fp = blocks.int64(1, from);
                int to = from + 1;
                while (to < rows && blocks.int64(1, to) == fp && blocks.lowCardinalityString(0, to) == tenant) {
                    to++;
                }
                out.add(tenant, fp, blocks, from, to);
                from = to;
            }
        }
        return out.finish();
    }

    /** Gathers runs of rows in key order (series contiguous, time ascending) into series with their labels. */
    private final class SeriesAssembler {

        private final Map<Key, Labels> labels;
        private final List<Series> out = new ArrayList<>();
        private Key current;
        private Labels currentLabels;
        private long[] t = new long[64];
        private double[] v = new double[64];
        private int n;
        private long total;

        SeriesAssembler(Map<Key, Labels> labels) {
            this.labels = labels;
        }

        /** Rows [from, to) of the block, all of one series (a series may continue in the next block). */
        void add(String tenant, long fp, NativeColumns block, int from, int to) {
            if (current == null || current.fingerprint() != fp || !current.tenant().equals(tenant)) {
                flush();
                current = new Key(tenant, fp);
                // A series the lookup did not return (another tenant's, or not matching in Java): its rows are skipped.
                currentLabels = labels.get(current);
                n = 0;
            }
            if (currentLabels == null) {
                return;
            }
            if (n + (to - from) > t.length) {
                int size = Math.max(t.length * 2, n + (to - from));
                t = Arrays.copyOf(t, size);
                v = Arrays.copyOf(v, size);
            }
            int before = n;
            for (int i = from; i < to; i++) {
                long ts = block.int64(2, i);
                // Samples resent by a retrying sender are stored twice until the table merges them.
                if (n > 0 && t[n - 1] == ts) {
                    v[n - 1] = block.float64(3, i);
                    continue;
                }
                t[n] = ts;
                v[n] = block.float64(3, i);
                n++;
            }
            total += n - before;
            if (total > maxSamples) {
                throw new PromqlException(PromqlException.Kind.TOO_MANY_SAMPLES, "query processing would load too many samples into memory"
                        + " in query execution (more than " + maxSamples + "); narrow the time range or the selectors");
            }
        }

        private void flush() {
            if (currentLabels != null && n > 0) {
                out.add(new Series(currentLabels, Arrays.copyOf(t, n), Arrays.copyOf(v, n)));
            }
        }

        List<Series> finish() {
            flush();
            return out;
        }
    }

    private byte[] run(String sql, String format) {
        try {
            return clickHouse.query(sql, format).data();
        } catch (ClickHouseException e) {
            String message = EngineErrors.describe(e);
            if (message.contains("TIMEOUT_EXCEEDED")) {
                throw new PromqlException(PromqlException.Kind.TIMEOUT, "query timed out in the storage engine: " + message, e);
            }
            if (message.contains("CANNOT_COMPILE_REGEXP")) {
                throw new PromqlException(PromqlException.Kind.BAD_DATA, message, e);
            }
            throw new PromqlException(PromqlException.Kind.INTERNAL, message, e);
        }
    }
}
