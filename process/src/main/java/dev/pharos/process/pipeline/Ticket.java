package dev.pharos.process.pipeline;

/**
 * Memory taken from the buffer budget for one request while it is decompressed and decoded;
 * given back when the request has been mapped into batches (which account for their own bytes).
 */
public final class Ticket implements AutoCloseable {

    private final MemoryBudget budget;
    private long bytes;

    Ticket(MemoryBudget budget, long bytes) {
        this.budget = budget;
        this.bytes = bytes;
    }

    /** Accounts for a decompressed body; its size is already capped by the receiver. */
    public void grow(long more) {
        budget.force(more);
        bytes += more;
    }

    @Override
    public void close() {
        budget.release(bytes);
        bytes = 0;
    }
}
