package dev.pharos.bench.insert;

import dev.pharos.store.embedded.EmbeddedClickHouse;

/** One way of getting a batch of log rows into the embedded engine. */
interface InsertPath {

    String name();

    /** Encodes rows [from, to) and commits them to {@code table}. */
    void insert(EmbeddedClickHouse engine, String table, SyntheticLogs.Rows rows, int from, int to) throws Exception;

    /** Nanoseconds spent encoding rows in Java since the last call (the rest is the engine's). */
    long takeEncodeNanos();

    /** Bytes handed to the engine for the last batch. */
    long lastBatchBytes();
}
