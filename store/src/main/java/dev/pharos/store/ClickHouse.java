package dev.pharos.store;

import dev.pharos.store.nativeformat.NativeBlock;

/**
 * Everything Pharos asks of ClickHouse, whether the engine runs in-process (libchdb) or as a
 * server reached over HTTP. Callers never know which one they hold.
 *
 * <p>Writes (DDL, inserts) and reads run on separate connections so a long search never delays
 * ingest, and each connection runs one statement at a time.
 */
public interface ClickHouse extends AutoCloseable {

    /** Runs a statement that returns nothing useful (DDL, ALTER, OPTIMIZE...) on the write side. */
    void execute(String sql);

    /** Runs a read query and returns its whole result in {@code format} (e.g. "JSONEachRow", "TSV"). */
    QueryResult query(String sql, String format);

    /**
     * Runs SQL written by a user. The engine itself makes it harmless: the statement runs with
     * {@code readonly = 1} (no writes, no DDL, no setting changes, no table functions that reach
     * files or the network) and under {@code limits}. Callers still vet the text first (one
     * statement, no INTO OUTFILE): readonly mode does not cover those.
     */
    QueryResult queryReadOnly(String sql, String format, ReadLimits limits);

    /**
     * Runs a read query whose result may be large and hands it over block by block. The stream
     * owns its connection until closed, so no other statement can touch that connection meanwhile.
     */
    ResultStream stream(String sql, String format);

    /**
     * Inserts one batch atomically: either every row of the block is committed or none is.
     *
     * @param table fully qualified table name, e.g. {@code otel.otel_logs}
     * @param dedupToken when not null, a retry of the same batch with the same token is a no-op
     *     (ClickHouse insert deduplication)
     */
    default InsertResult insert(String table, NativeBlock block, String dedupToken) {
        return insert(table, java.util.List.of(block), dedupToken);
    }

    /**
     * Inserts several blocks with the same columns as one statement, atomically like one block.
     * The engine squashes them into one part per partition: under a backlog, a few batches sent
     * together cost far less MergeTree work (fewer, larger parts to write and merge) than the same
     * batches one by one.
     */
    InsertResult insert(String table, java.util.List<NativeBlock> blocks, String dedupToken);

    /** Closes every connection; waits for statements in flight to finish. */
    @Override
    void close();
}
