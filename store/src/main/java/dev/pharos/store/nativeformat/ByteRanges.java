package dev.pharos.store.nativeformat;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Hashing and comparing short byte ranges (attribute keys, names, label values) eight bytes at a
 * time. {@code Arrays.equals} on ranges spent more on its setup than on comparing such short
 * strings: it led the profile of the dictionary encoder before this.
 */
public final class ByteRanges {

    private static final VarHandle LONG_LE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private ByteRanges() {}

    /** Whether {@code a[aFrom, aFrom + length)} and {@code b[bFrom, bFrom + length)} hold the same bytes. */
    public static boolean equal(byte[] a, int aFrom, byte[] b, int bFrom, int length) {
        int i = 0;
        for (; i + 8 <= length; i += 8) {
            if ((long) LONG_LE.get(a, aFrom + i) != (long) LONG_LE.get(b, bFrom + i)) {
                return false;
            }
        }
        for (; i < length; i++) {
            if (a[aFrom + i] != b[bFrom + i]) {
                return false;
            }
        }
        return true;
    }

    /** A well-mixed hash of {@code data[start, start + length)}; not stable across versions, never persist it. */
    public static int hash(byte[] data, int start, int length) {
        long h = length * 0x9E3779B97F4A7C15L;
        int i = start;
        int end = start + length;
        for (; i + 8 <= end; i += 8) {
            h = (h ^ (long) LONG_LE.get(data, i)) * 0xBF58476D1CE4E5B9L;
            h ^= h >>> 31;
        }
        long tail = 0;
        for (int k = 0; i < end; i++, k += 8) {
            tail |= (long) (data[i] & 0xFF) << k;
        }
        h = (h ^ tail) * 0x94D049BB133111EBL;
        return (int) (h ^ h >>> 32);
    }
}
