package dev.pharos.process.prometheus;

/**
 * The 64-bit identity of a label set, the same for remote write and for OTLP metrics translated
 * to Prometheus series: FNV-1a over "name 0xFF value 0xFF" of the labels in name order, then
 * MurmurHash3's finalizer to spread FNV's weak high bits (series are stored ordered by it).
 * Hand-written: the JDK has no 64-bit non-cryptographic hash, and a cryptographic one would
 * dominate ingest cost for a value that only has to be well spread.
 */
public final class Fingerprint {

    private static final long OFFSET = 0xcbf29ce484222325L;
    private static final long PRIME = 0x100000001b3L;

    private long h = OFFSET;

    public Fingerprint reset() {
        h = OFFSET;
        return this;
    }

    /** Adds one label; labels must come in name order. */
    public void add(byte[] buf, int nameStart, int nameEnd, int valueStart, int valueEnd) {
        bytes(buf, nameStart, nameEnd);
        h = (h ^ 0xFF) * PRIME;
        bytes(buf, valueStart, valueEnd);
        h = (h ^ 0xFF) * PRIME;
    }

    private void bytes(byte[] buf, int start, int end) {
        long x = h;
        for (int i = start; i < end; i++) {
            x = (x ^ (buf[i] & 0xFF)) * PRIME;
        }
        h = x;
    }

    public long value() {
        long k = h;
        k ^= k >>> 33;
        k *= 0xff51afd7ed558ccdL;
        k ^= k >>> 33;
        k *= 0xc4ceb9fe1a85ec53L;
        k ^= k >>> 33;
        return k;
    }
}
