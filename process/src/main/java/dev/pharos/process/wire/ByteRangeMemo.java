package dev.pharos.process.wire;

import dev.pharos.store.nativeformat.ByteRanges;

/**
 * Remembers an int per short byte string as it appears in requests: what was worked out for an
 * attribute key or value the last time it came. Telemetry repeats the same keys and most of the same
 * values on every record. A direct-mapped table, no allocation: a collision only means working it out
 * again. Not thread-safe; one per decoding thread.
 */
public final class ByteRangeMemo {

    /** What {@link #get} returns for a string it does not hold. */
    public static final int MISSING = Integer.MIN_VALUE;

    private final int maxLength;
    private final int mask;
    private final byte[] bytes;
    private final int[] lengths;
    private final int[] values;

    /** {@code slots} a power of two; strings longer than {@code maxLength} are never held. */
    public ByteRangeMemo(int slots, int maxLength) {
        if (Integer.bitCount(slots) != 1) {
            throw new IllegalArgumentException("slots must be a power of two, got " + slots);
        }
        this.maxLength = maxLength;
        this.mask = slots - 1;
        this.bytes = new byte[slots * maxLength];
        this.lengths = new int[slots];
        java.util.Arrays.fill(lengths, -1);
        this.values = new int[slots];
    }

    public int get(byte[] buf, int start, int end) {
        int length = end - start;
        if (length > maxLength) {
            return MISSING;
        }
        int slot = ByteRanges.hash(buf, start, length) & mask;
        return lengths[slot] == length && ByteRanges.equal(bytes, slot * maxLength, buf, start, length) ? values[slot] : MISSING;
    }

    public void put(byte[] buf, int start, int end, int value) {
        int length = end - start;
        if (length > maxLength) {
            return;
        }
        int slot = ByteRanges.hash(buf, start, length) & mask;
        System.arraycopy(buf, start, bytes, slot * maxLength, length);
        lengths[slot] = length;
        values[slot] = value;
    }
}
