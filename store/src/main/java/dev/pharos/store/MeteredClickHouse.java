package dev.pharos.store;

import dev.pharos.store.nativeformat.NativeBlock;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * Counts what goes through a {@link ClickHouse} (embedded or server alike): inserted rows and
 * batches per table and outcome, insert and query latency, query failures by ClickHouse error.
 */
public final class MeteredClickHouse implements ClickHouse {

    private final ClickHouse delegate;
    private final Counter insertRows;
    private final Counter insertBatches;
    private final Histogram insertSeconds;
    private final Counter queries;
    private final Histogram querySeconds;

    public MeteredClickHouse(ClickHouse delegate, PrometheusRegistry registry) {
        this.delegate = delegate;
        insertRows = Counter.builder().name("pharos_store_inserted_rows_total")
                .help("Rows committed to ClickHouse by Pharos inserts").labelNames("table").register(registry);
        insertBatches = Counter.builder().name("pharos_store_insert_batches_total")
                .help("Insert batches by outcome (ok, error)").labelNames("table", "outcome").register(registry);
        insertSeconds = Histogram.builder().name("pharos_store_insert_duration_seconds")
                .help("Time to spool and commit one insert batch").labelNames("table")
                .classicUpperBounds(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30).register(registry);
        queries = Counter.builder().name("pharos_store_queries_total")
                .help("Read queries by outcome (ok or the ClickHouse error name)").labelNames("outcome").register(registry);
        querySeconds = Histogram.builder().name("pharos_store_query_duration_seconds")
                .help("Read query latency as seen by Pharos")
                .classicUpperBounds(0.001, 0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30).register(registry);
    }

    @Override
    public void execute(String sql) {
        delegate.execute(sql);
    }

    @Override
    public QueryResult query(String sql, String format) {
        return timed(() -> delegate.query(sql, format));
    }

    @Override
    public QueryResult queryReadOnly(String sql, String format, ReadLimits limits) {
        return timed(() -> delegate.queryReadOnly(sql, format, limits));
    }

    private QueryResult timed(java.util.function.Supplier<QueryResult> call) {
        long start = System.nanoTime();
        try {
            QueryResult result = call.get();
            queries.labelValues("ok").inc();
            return result;
        } catch (ClickHouseException e) {
            queries.labelValues(e.errorName()).inc();
            throw e;
        } finally {
            querySeconds.observe((System.nanoTime() - start) / 1e9);
        }
    }

    @Override
    public ResultStream stream(String sql, String format) {
        try {
            ResultStream stream = delegate.stream(sql, format);
            queries.labelValues("ok").inc();
            return stream;
        } catch (ClickHouseException e) {
            queries.labelValues(e.errorName()).inc();
            throw e;
        }
    }

    @Override
    public InsertResult insert(String table, java.util.List<NativeBlock> blocks, String dedupToken) {
        long start = System.nanoTime();
        try {
            InsertResult result = delegate.insert(table, blocks, dedupToken);
            insertBatches.labelValues(table, "ok").inc();
            insertRows.labelValues(table).inc(blocks.stream().mapToLong(NativeBlock::rows).sum());
            return result;
        } catch (RuntimeException e) {
            insertBatches.labelValues(table, "error").inc();
            throw e;
        } finally {
            insertSeconds.labelValues(table).observe((System.nanoTime() - start) / 1e9);
        }
    }

    @Override
    public void close() {
        delegate.close();
    }
}
