package dev.pharos.process.pipeline.durable;

/**
 * The disk buffer could not write a request's rows (disk full, I/O error). The request was taken
 * back out of its batch and must be refused with a retryable status: it was never durable.
 */
public final class DiskBufferException extends RuntimeException {

    public DiskBufferException(String message, Throwable cause) {
        super(message, cause);
    }
}
