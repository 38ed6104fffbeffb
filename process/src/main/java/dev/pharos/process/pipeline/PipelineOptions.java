package dev.pharos.process.pipeline;

import dev.pharos.store.schema.Retention;
import java.time.Duration;

/**
 * How the pipeline batches and buffers.
 *
 * @param database database holding the OTel tables
 * @param maxBatchRows a table batch is sent once it holds this many rows...
 * @param maxBatchBytes ...or this many encoded bytes...
 * @param maxBatchAge ...or once its first row is this old
 * @param bufferBytes budget for everything held in memory: request bodies being decoded and batches
 *     waiting for the engine
 * @param overflow what happens when the budget is used up
 * @param maxAttributes per-record attribute limit (see {@link dev.pharos.process.otlp.RecordRules})
 * @param retention per-signal retention; older records are refused
 * @param shards open batches per table, so that decoding threads do not wait on each other
 * @param shutdownGrace how long close() keeps trying to write what is buffered
 * @param maxNesting deepest protobuf message nesting accepted (kvlist in kvlist...)
 * @param tenantAttribute resource attribute that names a record's tenant (among those its sender may
 *     write to), or null: the sender's first tenant
 */
public record PipelineOptions(String database, int maxBatchRows, long maxBatchBytes, Duration maxBatchAge, long bufferBytes,
                              Overflow overflow, int maxAttributes, Retention retention, int shards, Duration shutdownGrace,
                              int maxNesting, String tenantAttribute) {

    /**
     * Most batches of one table that go in one insert when they pile up behind a slow one. Measured
     * on the embedded engine with 15,000-row log batches: 4 to 8 together took 1.3 to 1.7 times the
     * rows per second of one at a time (fewer parts to write and merge); more adds memory for little.
     */
    public static final int MAX_BATCHES_PER_INSERT = 8;

    public PipelineOptions {
        if (maxBatchRows < 1 || maxBatchBytes < 1 || bufferBytes < 1 || shards < 1) {
            throw new IllegalArgumentException("batch limits, buffer size and shards must be positive");
        }
        if (maxBatchAge.isNegative() || maxBatchAge.isZero()) {
            throw new IllegalArgumentException("maxBatchAge must be positive");
        }
        if (bufferBytes < maxBatchBytes) {
            throw new IllegalArgumentException("the buffer (" + bufferBytes + " bytes) must hold at least one batch ("
                    + maxBatchBytes + " bytes)");
        }
    }

    public static PipelineOptions defaults(String database) {
        return new PipelineOptions(database, 15_000, 16L << 20, Duration.ofSeconds(5), 512L << 20, Overflow.REJECT,
                dev.pharos.process.otlp.RecordRules.DEFAULT_MAX_ATTRIBUTES, Retention.DEFAULT,
                Math.max(1, Runtime.getRuntime().availableProcessors()), Duration.ofSeconds(10), 64, null);
    }

    public PipelineOptions withOverflow(Overflow o) {
        return new PipelineOptions(database, maxBatchRows, maxBatchBytes, maxBatchAge, bufferBytes, o, maxAttributes, retention,
                shards, shutdownGrace, maxNesting, tenantAttribute);
    }

    public PipelineOptions withBuffer(long bytes, int rows, long batchBytes, Duration age) {
        return new PipelineOptions(database, rows, batchBytes, age, bytes, overflow, maxAttributes, retention, shards, shutdownGrace,
                maxNesting, tenantAttribute);
    }

    public PipelineOptions withRetention(Retention r) {
        return new PipelineOptions(database, maxBatchRows, maxBatchBytes, maxBatchAge, bufferBytes, overflow, maxAttributes, r, shards,
                shutdownGrace, maxNesting, tenantAttribute);
    }

    public PipelineOptions withTenantAttribute(String attribute) {
        return new PipelineOptions(database, maxBatchRows, maxBatchBytes, maxBatchAge, bufferBytes, overflow, maxAttributes, retention,
                shards, shutdownGrace, maxNesting, attribute);
    }
}
