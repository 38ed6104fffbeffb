package dev.pharos.process.pipeline;

import dev.pharos.access.Tenants;
import dev.pharos.process.dataset.Dataset;
import dev.pharos.process.dataset.Datasets;
import dev.pharos.process.otlp.LogsWireMapper;
import dev.pharos.process.otlp.MapResult;
import dev.pharos.process.otlp.MetricsMapper;
import dev.pharos.process.otlp.RecordRules;
import dev.pharos.process.otlp.Rejection;
import dev.pharos.process.otlp.TenantStamp;
import dev.pharos.process.otlp.TracesWireMapper;
import dev.pharos.process.pipeline.durable.DiskBuffer;
import dev.pharos.process.pipeline.durable.DiskBufferException;
import dev.pharos.process.pipeline.durable.DiskBufferOptions;
import dev.pharos.process.pipeline.durable.WalBatch;
import dev.pharos.process.prometheus.OtlpMetricsTranslator;
import dev.pharos.process.prometheus.RemoteWriteMapper;
import dev.pharos.process.prometheus.SeriesCache;
import dev.pharos.process.redact.RedactionPolicy;
import dev.pharos.process.redact.Redactor;
import dev.pharos.process.wire.MalformedPayloadException;
import dev.pharos.store.ClickHouse;
import dev.pharos.store.batch.LogsBatch;
import dev.pharos.store.batch.MetricsBatch;
import dev.pharos.store.batch.MetricsBatches;
import dev.pharos.store.batch.PromBatches;
import dev.pharos.store.batch.TableBatch;
import dev.pharos.store.batch.TracesBatch;
import dev.pharos.store.dataset.DatasetShape;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * From decoded OTLP requests to rows in the engine: admission against the memory budget, mapping
 * into per-table batches, sealing by rows/bytes/age, and the inserter. Receivers call
 * {@link #admit} when a body arrives, then one of the {@code submit} methods once it is decoded.
 *
 * <p>With a disk buffer ({@link DiskBuffer}), a submit returns only once the request's rows are in
 * it (and fsynced, with fsync=always), batches waiting for the engine may leave memory when the
 * budget is used up, and what a previous run left there is inserted first.
 */
public final class IngestPipeline implements AutoCloseable {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(IngestPipeline.class);

    /** What the receiver answers. */
    public sealed interface Outcome {
        /** Taken; {@code result} says how many records were refused inside the request, and why. */
        record Accepted(MapResult result) implements Outcome {}

        /** Not taken now; the sender should retry after the given delay. */
        record Refused(String message, int retryAfterSeconds) implements Outcome {}

        /** Not valid OTLP; nothing of it was kept. */
        record Invalid(String message) implements Outcome {}
    }

    /** The batch age for logs while a live tail is open. */
    public static final Duration FRESH_AGE = Duration.ofMillis(750);

    private final PipelineOptions options;
    private final java.util.concurrent.atomic.AtomicInteger freshLogDemands = new java.util.concurrent.atomic.AtomicInteger();
    private final MemoryBudget budget;
    private final IngestMetrics metrics;
    private final Inserter inserter;
    private final Thread inserterThread;
    private final ScheduledExecutorService ager;
    private final SignalBuffer<LogsBatch> logs;
    private final SignalBuffer<TracesBatch> traces;
    private final SignalBuffer<MetricsBatches> metricsBuffer;
    private final SignalBuffer<PromBatches> prometheus;
    private final SeriesCache seriesCache = new SeriesCache(2_000_000);
    private final ThreadLocal<RemoteWriteMapper> remoteWriteMappers;
    private final ThreadLocal<OtlpMetricsTranslator> translators;
    private volatile boolean closed;
    // The wire mappers keep scratch buffers; one per decoding thread.
    private final ThreadLocal<LogsWireMapper> logsMappers;
    private final ThreadLocal<TracesWireMapper> tracesMappers;
    /** Null when the disk buffer is off. */
    private final DiskBuffer journal;

    /** Every table a batch is made for, and how to make an empty one: the disk buffer reads batches back into them. */
    static final Map<String, Supplier<? extends TableBatch>> TABLES = Map.ofEntries(
            Map.entry(LogsBatch.TABLE, LogsBatch::new),
            Map.entry(TracesBatch.TABLE, TracesBatch::new),
            Map.entry(MetricsBatch.Gauge.TABLE, MetricsBatch.Gauge::new),
            Map.entry(MetricsBatch.Sum.TABLE, MetricsBatch.Sum::new),
            Map.entry(MetricsBatch.Histogram.TABLE, MetricsBatch.Histogram::new),
            Map.entry(MetricsBatch.ExponentialHistogram.TABLE, MetricsBatch.ExponentialHistogram::new),
            Map.entry(MetricsBatch.Summary.TABLE, MetricsBatch.Summary::new),
            Map.entry(PromBatches.Samples.TABLE, PromBatches.Samples::new),
            Map.entry(PromBatches.Series.TABLE, PromBatches.Series::new),
            Map.entry(PromBatches.Metadata.TABLE, PromBatches.Metadata::new),
            Map.entry(PromBatches.Exemplars.TABLE, PromBatches.Exemplars::new));

    /** Every log record to the default dataset, redacted with the default policy and not counted on /metrics. */
    public IngestPipeline(ClickHouse clickHouse, PipelineOptions options, PrometheusRegistry registry) {
        this(clickHouse, options, registry, null);
    }

    /** As {@link #IngestPipeline(ClickHouse, PipelineOptions, Datasets, PrometheusRegistry, DiskBufferOptions)} with the default dataset only. */
    public IngestPipeline(ClickHouse clickHouse, PipelineOptions options, PrometheusRegistry registry, DiskBufferOptions diskBuffer) {
        this(clickHouse, options, Datasets.only(new Dataset(DatasetShape.DEFAULT, List.of(), new Redactor(RedactionPolicy.defaults()))), registry,
                diskBuffer);
    }

    /**
     * @param datasets where log records go and what happens to them on the way; traces use the default dataset's redactor
     * @param diskBuffer the disk buffer's settings, or null to buffer in memory only. What it holds from a previous run is
     *     queued for insert here, before any new request can be submitted.
     * @throws UncheckedIOException when the disk buffer cannot be opened (directory not writable, in use)
     */
    public IngestPipeline(ClickHouse clickHouse, PipelineOptions options, Datasets datasets, PrometheusRegistry registry,
                          DiskBufferOptions diskBuffer) {
        this.options = options;
        this.logsMappers = ThreadLocal.withInitial(() -> new LogsWireMapper(options.maxNesting(), datasets));
        this.tracesMappers = ThreadLocal.withInitial(() -> new TracesWireMapper(options.maxNesting(), datasets.fallback().redactor()));
        this.budget = new MemoryBudget(options.bufferBytes());
        this.metrics = new IngestMetrics(registry, budget::used, options.bufferBytes());
        BatchPool pool = new BatchPool();
        if (diskBuffer != null) {
            try {
                this.journal = DiskBuffer.open(diskBuffer, TABLES, metrics::dropped, registry);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot open the disk buffer in " + diskBuffer.dir() + ": " + e.getMessage(), e);
            }
            this.inserter = new Inserter(clickHouse, options.database(), budget, pool, metrics, journal,
                    table -> pool.take(table, TABLES.get(table)::get));
            for (WalBatch w : journal.recovered()) {
                inserter.enqueue(SealedBatch.recovered(w));
            }
        } else {
            this.journal = null;
            this.inserter = new Inserter(clickHouse, options.database(), budget, pool, metrics);
        }
        this.logs = new SignalBuffer<>(Signal.LOGS, p -> p.take(LogsBatch.TABLE, LogsBatch::new), List::of,
                options, budget, pool, inserter, journal);
        this.traces = new SignalBuffer<>(Signal.TRACES, p -> p.take(TracesBatch.TABLE, TracesBatch::new), List::of,
                options, budget, pool, inserter, journal);
        this.metricsBuffer = new SignalBuffer<>(Signal.METRICS, p -> new MetricsBatches(
                p.take(MetricsBatch.Gauge.TABLE, MetricsBatch.Gauge::new),
                p.take(MetricsBatch.Sum.TABLE, MetricsBatch.Sum::new),
                p.take(MetricsBatch.Histogram.TABLE, MetricsBatch.Histogram::new),
                p.take(MetricsBatch.ExponentialHistogram.TABLE, MetricsBatch.ExponentialHistogram::new),
                p.take(MetricsBatch.Summary.TABLE, MetricsBatch.Summary::new)), MetricsBatches::all,
                options, budget, pool, inserter, journal);
        this.prometheus = new SignalBuffer<>(Signal.PROMETHEUS, p -> new PromBatches(
                p.take(PromBatches.Samples.TABLE, PromBatches.Samples::new),
                p.take(PromBatches.Series.TABLE, PromBatches.Series::new),
                p.take(PromBatches.Metadata.TABLE, PromBatches.Metadata::new),
                p.take(PromBatches.Exemplars.TABLE, PromBatches.Exemplars::new)), PromBatches::all,
                options, budget, pool, inserter, journal);
        this.remoteWriteMappers = ThreadLocal.withInitial(() -> new RemoteWriteMapper(seriesCache));
        this.translators = ThreadLocal.withInitial(() -> new OtlpMetricsTranslator(seriesCache));
        this.inserterThread = Thread.ofPlatform().name("pharos-inserter").start(inserter);
        this.ager = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().name("pharos-batch-ager").daemon().unstarted(r));
        long tick = Math.max(10, Math.min(250, options.maxBatchAge().toMillis() / 4));
        ager.scheduleWithFixedDelay(this::sealAged, tick, tick, TimeUnit.MILLISECONDS);
    }

    /**
     * While held, log batches are written once their first row is {@link #FRESH_AGE} old instead
     * of the configured batch age: a live tail is open and wants records within seconds. Small
     * inserts cost merges, so this lasts only as long as someone is watching.
     */
    public AutoCloseable demandFreshLogs() {
        freshLogDemands.incrementAndGet();
        java.util.concurrent.atomic.AtomicBoolean released = new java.util.concurrent.atomic.AtomicBoolean();
        return () -> {
            if (released.compareAndSet(false, true)) {
                freshLogDemands.decrementAndGet();
            }
        };
    }

    /**
     * Takes {@code wireBytes} from the budget for a request about to be decoded, or refuses it
     * (null) when the buffer is full. In drop-oldest mode the oldest waiting batches are dropped
     * first to make room. With the disk buffer, waiting batches leave memory instead (they are on
     * disk); its size cap, not the overflow mode, decides when data is dropped.
     */
    public Ticket admit(long wireBytes) {
        if (closed) {
            return null;
        }
        while (!budget.tryTake(wireBytes)) {
            boolean freed = journal != null ? inserter.spillNewest()
                    : options.overflow() == Overflow.DROP_OLDEST && inserter.dropOldest();
            if (!freed) {
                return null;
            }
        }
        return new Ticket(budget, wireBytes);
    }

    /** The refusal to send when {@link #admit} returned null. */
    public Outcome.Refused refusal() {
        if (closed) {
            return new Outcome.Refused("Pharos is shutting down", 5);
        }
        return inserter.failing()
                ? new Outcome.Refused("the storage engine is not accepting writes; buffer full", 5)
                : new Outcome.Refused("ingest buffer full; the storage engine is behind", 1);
    }

    /** An ExportLogsServiceRequest in protobuf, mapped straight from its bytes, from a sender allowed to write to {@code tenants}. */
    public Outcome submitLogs(byte[] protobuf, int length, Ticket ticket, Tenants tenants) {
        try (ticket) {
            MapResult result = new MapResult();
            LogsWireMapper mapper = logsMappers.get();
            long durableAt = logs.write(b -> mapper.map(protobuf, length, b, rules(options.retention().logsDays(), tenants), result));
            return account(Signal.LOGS, result.accepted() + result.rejected(), result, durableAt);
        } catch (MalformedPayloadException e) {
            return new Outcome.Invalid(e.getMessage());
        } catch (DiskBufferException e) {
            return diskBufferRefusal(e);
        }
    }

    /** An ExportTraceServiceRequest in protobuf, mapped straight from its bytes, from a sender allowed to write to {@code tenants}. */
    public Outcome submitTraces(byte[] protobuf, int length, Ticket ticket, Tenants tenants) {
        try (ticket) {
            MapResult result = new MapResult();
            TracesWireMapper mapper = tracesMappers.get();
            long durableAt = traces.write(b -> mapper.map(protobuf, length, b, rules(options.retention().tracesDays(), tenants), result));
            return account(Signal.TRACES, result.accepted() + result.rejected(), result, durableAt);
        } catch (MalformedPayloadException e) {
            return new Outcome.Invalid(e.getMessage());
        } catch (DiskBufferException e) {
            return diskBufferRefusal(e);
        }
    }

    public Outcome submitMetrics(ExportMetricsServiceRequest request, Ticket ticket, Tenants tenants) {
        try (ticket) {
            int n = MetricsMapper.count(request);
            MapResult result = new MapResult();
            RecordRules rules = rules(options.retention().metricsDays(), tenants);
            long durableAt = metricsBuffer.write(b -> MetricsMapper.map(request, b, rules, result));
            // The same points as Prometheus series, for PromQL.
            durableAt = Math.max(durableAt, prometheus.write(b -> translators.get().map(request, b, rules)));
            return account(Signal.METRICS, n, result, durableAt);
        } catch (DiskBufferException e) {
            return diskBufferRefusal(e);
        }
    }

    /**
     * A Prometheus remote-write request (already snappy-decoded), version 1 or 2; {@code written}
     * receives the counts the 2.0 response headers report.
     */
    public Outcome submitRemoteWrite(byte[] protobuf, int length, int version, Ticket ticket, Tenants tenants,
                                     RemoteWriteMapper.Written written) {
        try (ticket) {
            MapResult result = new MapResult();
            RemoteWriteMapper mapper = remoteWriteMappers.get();
            RecordRules rules = rules(options.retention().metricsDays(), tenants);
            long durableAt = prometheus.write(b -> {
                if (version == 2) {
                    mapper.mapV2(protobuf, length, b, rules, result, written);
                } else {
                    mapper.mapV1(protobuf, length, b, rules, result, written);
                }
            });
            return account(Signal.PROMETHEUS, result.accepted() + result.rejected(), result, durableAt);
        } catch (MalformedPayloadException e) {
            return new Outcome.Invalid(e.getMessage());
        } catch (DiskBufferException e) {
            return diskBufferRefusal(e);
        }
    }

    private RecordRules rules(int retentionDays, Tenants tenants) {
        return RecordRules.forRetention(options.maxAttributes(), retentionDays, new TenantStamp(tenants, options.tenantAttribute()));
    }

    /**
     * Counts the request and answers it; with the disk buffer, only once its rows are as durable
     * as the fsync policy promises ({@code durableAt} from {@link SignalBuffer#write}).
     */
    private Outcome account(Signal signal, int records, MapResult result, long durableAt) {
        if (journal != null && durableAt >= 0) {
            try {
                journal.awaitDurable(durableAt);
            } catch (IOException e) {
                // The rows are in a batch and may well be stored; the sender retrying may then store them twice,
                // which is better than acknowledging what may be lost.
                return diskBufferRefusal(new DiskBufferException("the disk buffer cannot fsync: " + e.getMessage(), e));
            }
        }
        metrics.received(signal, records);
        metrics.accepted(signal, result.accepted());
        for (Rejection r : Rejection.values()) {
            metrics.rejected(signal, r.label(), result.rejected(r));
        }
        return new Outcome.Accepted(result);
    }

    private Outcome.Refused diskBufferRefusal(DiskBufferException e) {
        log.error("refusing a request: {}", e.getMessage());
        return new Outcome.Refused(e.getMessage(), 5);
    }

    /** The disk buffer, or null when it is off; for tests. */
    public DiskBuffer diskBuffer() {
        return journal;
    }

    /** Bytes held now; for tests and the bench. */
    public long bufferedBytes() {
        return budget.used();
    }

    private void sealAged() {
        long now = System.nanoTime();
        long logsAge = freshLogDemands.get() > 0 ? Math.min(FRESH_AGE.toNanos(), options.maxBatchAge().toNanos())
                : options.maxBatchAge().toNanos();
        logs.sealAged(now, false, logsAge);
        traces.sealAged(now, false);
        metricsBuffer.sealAged(now, false);
        prometheus.sealAged(now, false);
    }

    /** Seals every open batch now, so what was accepted so far reaches the engine without waiting for the age limit. */
    public void flush() {
        long now = System.nanoTime();
        logs.sealAged(now, true);
        traces.sealAged(now, true);
        metricsBuffer.sealAged(now, true);
        prometheus.sealAged(now, true);
    }

    /** True when nothing is buffered: every accepted record is inserted or counted as dropped. */
    public boolean drained() {
        return budget.used() == 0 && inserter.queued() == 0;
    }

    /**
     * Stops taking data, writes what is buffered (for at most the shutdown grace period) and
     * counts the rest as dropped. Receivers must be stopped first.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        ager.shutdownNow();
        flush();
        inserter.stop(options.shutdownGrace().toNanos());
        try {
            inserterThread.join(options.shutdownGrace().toMillis() + 30_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (journal != null) {
            journal.close();
        }
    }
}
