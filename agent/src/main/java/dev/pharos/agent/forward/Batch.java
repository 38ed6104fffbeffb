package dev.pharos.agent.forward;

import dev.pharos.agent.collect.DeliveryProgress;
import java.util.List;

/**
 * A sealed request: its body as sent, what it holds, and the file spans its acknowledgement
 * moves the checkpoints over. The same body goes to whichever gateway a retry picks.
 */
final class Batch {

    final byte[] body;
    final boolean gzip;
    final int records;
    /** What the batch holds of the send budget (its records as encoded, before compression). */
    final long budgetBytes;
    final List<DeliveryProgress.Span> spans;
    final long sealedNanos;
    int attempts;
    Gateway lastGateway;

    Batch(byte[] body, boolean gzip, int records, long budgetBytes, List<DeliveryProgress.Span> spans) {
        this.body = body;
        this.gzip = gzip;
        this.records = records;
        this.budgetBytes = budgetBytes;
        this.spans = spans;
        this.sealedNanos = System.nanoTime();
    }

    /** Delivered, or given up for good (counted as dropped): the checkpoints may move past it. */
    void settle() {
        for (DeliveryProgress.Span s : spans) {
            s.acknowledge();
        }
    }
}
