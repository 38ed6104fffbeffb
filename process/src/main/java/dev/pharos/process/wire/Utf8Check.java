package dev.pharos.process.wire;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * UTF-8 validation of a byte range without copying it. protobuf-java keeps its validator
 * package-private and its public wrapper allocates per call, which showed up at the top of the
 * ingest profile; telemetry strings are nearly all ASCII, checked here eight bytes at a time.
 */
public final class Utf8Check {

    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long HIGH_BITS = 0x8080808080808080L;

    private Utf8Check() {}

    public static boolean isValid(byte[] b, int start, int end) {
        int i = start;
        while (i + 8 <= end && ((long) LONG.get(b, i) & HIGH_BITS) == 0) {
            i += 8;
        }
        while (i < end) {
            if (b[i] >= 0) {
                i++;
                continue;
            }
            int len = sequenceLength(b, i, end);
            if (len < 0) {
                return false;
            }
            i += len;
        }
        return true;
    }

    /**
     * The length (2 to 4) of the well-formed multi-byte character starting at {@code i}, or -1:
     * a stray continuation byte, an overlong form, a surrogate, beyond U+10FFFF, or cut by {@code end}.
     */
    public static int sequenceLength(byte[] b, int i, int end) {
        int c = b[i] & 0xFF;
        int need;
        int min;
        if (c >= 0xC2 && c <= 0xDF) {
            need = 1;
            min = 0x80;
        } else if (c >= 0xE0 && c <= 0xEF) {
            need = 2;
            min = 0x800;
        } else if (c >= 0xF0 && c <= 0xF4) {
            need = 3;
            min = 0x10000;
        } else {
            return -1;
        }
        if (i + need >= end) {
            return -1;
        }
        int cp = c & (0x3F >> need);
        for (int k = 1; k <= need; k++) {
            int cc = b[i + k] & 0xFF;
            if ((cc & 0xC0) != 0x80) {
                return -1;
            }
            cp = (cp << 6) | (cc & 0x3F);
        }
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
            return -1;
        }
        return need + 1;
    }
}
