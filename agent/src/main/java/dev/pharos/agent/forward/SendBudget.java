package dev.pharos.agent.forward;

/**
 * The bytes of records read and not yet acknowledged (the open batch, sealed batches waiting,
 * requests in flight), against {@code agent.bufferSize}. Charging never blocks: the tailer asks
 * {@link #hasRoom()} before it reads, so the budget is exceeded by at most one read buffer.
 */
public final class SendBudget {

    private final long limit;
    private long used;

    public SendBudget(long limit) {
        this.limit = limit;
    }

    synchronized void charge(long bytes) {
        used += bytes;
    }

    synchronized void release(long bytes) {
        used -= bytes;
        notifyAll();
    }

    public synchronized boolean hasRoom() {
        return used < limit;
    }

    public synchronized void awaitRoom(long nanos) throws InterruptedException {
        long deadline = System.nanoTime() + nanos;
        while (used >= limit) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return;
            }
            wait(Math.max(1, left / 1_000_000));
        }
    }

    public synchronized long used() {
        return used;
    }

    public long limit() {
        return limit;
    }
}
