package dev.pharos.process.prometheus;

import dev.pharos.store.hash.Xxh64;
import java.util.Arrays;

/**
 * The 64-bit identity of a label set: XXH64 of "name 0xFF value 0xFF" for the labels in name
 * order, which is Prometheus's own label hash. Remote write, translated OTLP metrics and PromQL
 * (Labels.hash) compute the same value for the same labels. The bytes are gathered in a reused
 * buffer, so hashing allocates nothing.
 */
public final class Fingerprint {

    private static final byte SEPARATOR = (byte) 0xFF;

    private byte[] buf = new byte[256];
    private int len;

    public Fingerprint reset() {
        len = 0;
        return this;
    }

    /** Adds one label; labels must come in name order. */
    public void add(byte[] src, int nameStart, int nameEnd, int valueStart, int valueEnd) {
        int need = len + (nameEnd - nameStart) + (valueEnd - valueStart) + 2;
        if (need > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(need, buf.length * 2));
        }
        System.arraycopy(src, nameStart, buf, len, nameEnd - nameStart);
        len += nameEnd - nameStart;
        buf[len++] = SEPARATOR;
        System.arraycopy(src, valueStart, buf, len, valueEnd - valueStart);
        len += valueEnd - valueStart;
        buf[len++] = SEPARATOR;
    }

    public long value() {
        return Xxh64.hash(buf, len);
    }
}
