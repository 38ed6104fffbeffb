package dev.pharos.process.pipeline;

import dev.pharos.store.batch.TableBatch;
import java.util.UUID;

/**
 * A full table batch waiting for the engine. Its token makes retries idempotent: the engine
 * deduplicates a second insert with the same token, so a batch is never stored twice.
 */
record SealedBatch(Signal signal, TableBatch batch, int rows, long bytes, String token, long firstRowAtNanos) {

    /** @param firstRowAtNanos when the batch's oldest row was accepted: its commit ends that row's wait */
    static SealedBatch of(Signal signal, TableBatch batch, long firstRowAtNanos) {
        return new SealedBatch(signal, batch, batch.rows(), batch.encodedBytes(), UUID.randomUUID().toString(), firstRowAtNanos);
    }
}
