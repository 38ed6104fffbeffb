package dev.pharos.store;

/**
 * A query result delivered one engine block at a time. Close it (try-with-resources): closing
 * before the end cancels the query and gives its connection back.
 */
public interface ResultStream extends AutoCloseable {

    /** The next chunk of formatted output, or {@code null} once the result is exhausted. */
    byte[] next();

    @Override
    void close();
}
