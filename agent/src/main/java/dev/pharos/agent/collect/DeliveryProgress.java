package dev.pharos.agent.collect;

import java.util.ArrayDeque;

/**
 * How far a file's records have been acknowledged by a gateway: the offsets a checkpoint may
 * hold. Batches are acknowledged out of order (several are in flight, on several gateways), so
 * each batch's share of the file is a {@link Span}, and the committed position only moves over a
 * run of acknowledged spans from the oldest: a checkpoint never covers a record that is still in
 * flight.
 *
 * <p>Two offsets are kept because stdout and stderr share one file and a partial line of one
 * stream may be open while the other completes records. {@code resume} is where reading restarts
 * (never past the start of an open partial, so it is read whole again); {@code delivered} is the
 * end of the last acknowledged record, and records ending at or before it are not sent again.
 * Records are completed in file order, so "ends at or before delivered" is exactly "acknowledged".
 */
public final class DeliveryProgress {

    private final ArrayDeque<Span> pending = new ArrayDeque<>();
    private long resumeOffset;
    private long deliveredOffset;

    public DeliveryProgress(long resumeOffset, long deliveredOffset) {
        this.resumeOffset = resumeOffset;
        this.deliveredOffset = Math.max(resumeOffset, deliveredOffset);
    }

    /** Registers the next batch's share of this file, in the order batches are sealed. */
    public synchronized Span add(long safeOffset, long endOffset) {
        Span s = new Span(this, safeOffset, endOffset);
        pending.addLast(s);
        return s;
    }

    private synchronized void done(Span s) {
        s.done = true;
        while (!pending.isEmpty() && pending.peekFirst().done) {
            Span head = pending.pollFirst();
            resumeOffset = Math.max(resumeOffset, head.safeOffset);
            deliveredOffset = Math.max(deliveredOffset, head.endOffset);
        }
    }

    /**
     * Moves the committed position to {@code offset} when nothing of this file is in flight and no
     * partial line is open: lines that produced no record (malformed, already delivered) need not
     * be read again after a restart.
     */
    public synchronized void advanceIdle(long offset) {
        if (pending.isEmpty() && offset > resumeOffset) {
            resumeOffset = offset;
            deliveredOffset = Math.max(deliveredOffset, offset);
        }
    }

    public synchronized long resumeOffset() {
        return resumeOffset;
    }

    public synchronized long deliveredOffset() {
        return deliveredOffset;
    }

    /** True when every registered span has been acknowledged. */
    public synchronized boolean settled() {
        return pending.isEmpty();
    }

    /** One batch's share of one file: acknowledged when the batch is (or is given up as permanently refused). */
    public static final class Span {
        private final DeliveryProgress owner;
        private final long safeOffset;
        private final long endOffset;
        private boolean done;

        private Span(DeliveryProgress owner, long safeOffset, long endOffset) {
            this.owner = owner;
            this.safeOffset = safeOffset;
            this.endOffset = endOffset;
        }

        public void acknowledge() {
            owner.done(this);
        }
    }
}
