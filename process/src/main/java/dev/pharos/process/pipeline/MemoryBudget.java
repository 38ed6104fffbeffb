package dev.pharos.process.pipeline;

import java.util.concurrent.atomic.AtomicLong;

/** Bytes held by the pipeline against its configured limit. */
final class MemoryBudget {

    private final long limit;
    private final AtomicLong used = new AtomicLong();

    MemoryBudget(long limit) {
        this.limit = limit;
    }

    long limit() {
        return limit;
    }

    long used() {
        return used.get();
    }

    /** Takes {@code bytes} if they fit under the limit. */
    boolean tryTake(long bytes) {
        while (true) {
            long now = used.get();
            if (now + bytes > limit) {
                return false;
            }
            if (used.compareAndSet(now, now + bytes)) {
                return true;
            }
        }
    }

    /** Takes bytes already in memory (a batch grew by them); may go over the limit, then admission waits. */
    void force(long bytes) {
        used.addAndGet(bytes);
    }

    void release(long bytes) {
        used.addAndGet(-bytes);
    }
}
