package dev.pharos.agent.collect;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * UTF-8 checks for log text. OTLP strings must be valid UTF-8 and a gateway refuses a whole
 * request (400) for one bad byte, so the agent repairs text before it is sent: each invalid
 * sequence becomes U+FFFD, as Go and Java decoders do. Nearly all log text is ASCII, checked
 * eight bytes at a time.
 */
public final class Utf8 {

    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long HIGH_BITS = 0x8080808080808080L;

    private Utf8() {}

    /** True when {@code b[start, end)} is valid UTF-8. */
    public static boolean isValid(byte[] b, int start, int end) {
        int i = start;
        while (true) {
            while (i + 8 <= end && ((long) LONG.get(b, i) & HIGH_BITS) == 0) {
                i += 8;
            }
            if (i >= end) {
                return true;
            }
            if (b[i] >= 0) {
                i++;
                continue;
            }
            int n = sequenceLength(b, i, end);
            if (n < 0) {
                return false;
            }
            i += n;
        }
    }

    /**
     * Copies {@code b[start, end)} into {@code dst} from 0 with each invalid sequence replaced by
     * U+FFFD; returns the length written. {@code dst} must hold 3 bytes per input byte.
     */
    public static int repair(byte[] b, int start, int end, byte[] dst) {
        int n = 0;
        int i = start;
        while (i < end) {
            if (b[i] >= 0) {
                dst[n++] = b[i++];
                continue;
            }
            int len = sequenceLength(b, i, end);
            if (len < 0) {
                n = encode(0xFFFD, dst, n);
                i++;
            } else {
                System.arraycopy(b, i, dst, n, len);
                n += len;
                i += len;
            }
        }
        return n;
    }

    /** Length of the valid multi-byte sequence at {@code i}, or -1. */
    private static int sequenceLength(byte[] b, int i, int end) {
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

    /** Writes code point {@code cp} as UTF-8 at {@code dst[n]}; returns the new length. */
    static int encode(int cp, byte[] dst, int n) {
        if (cp < 0x80) {
            dst[n++] = (byte) cp;
        } else if (cp < 0x800) {
            dst[n++] = (byte) (0xC0 | (cp >> 6));
            dst[n++] = (byte) (0x80 | (cp & 0x3F));
        } else if (cp < 0x10000) {
            dst[n++] = (byte) (0xE0 | (cp >> 12));
            dst[n++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
            dst[n++] = (byte) (0x80 | (cp & 0x3F));
        } else {
            dst[n++] = (byte) (0xF0 | (cp >> 18));
            dst[n++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
            dst[n++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
            dst[n++] = (byte) (0x80 | (cp & 0x3F));
        }
        return n;
    }
}
