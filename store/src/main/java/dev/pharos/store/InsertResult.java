package dev.pharos.store;

/** What one insert committed. {@code rowsWritten} counts rows written by cascaded materialized views too. */
public record InsertResult(long rowsWritten, long bytesWritten, double elapsedSeconds) {}
