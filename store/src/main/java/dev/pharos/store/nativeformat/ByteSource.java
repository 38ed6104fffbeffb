package dev.pharos.store.nativeformat;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * A cursor over bytes written with {@link ByteSink}: the reading side of the row deltas that
 * {@link NativeBlock#writeSinceMark} produces. Every read is bounds-checked and a short or
 * inconsistent input fails with {@link IllegalArgumentException}, never with rows half appended
 * silently: the input comes from disk and may be damaged.
 */
public final class ByteSource {

    private static final VarHandle LONG_LE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INT_LE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

    private final byte[] buf;
    private final int limit;
    private int pos;

    public ByteSource(byte[] buf, int off, int len) {
        if (off < 0 || len < 0 || off + len > buf.length) {
            throw new IndexOutOfBoundsException("range " + off + "+" + len + " outside " + buf.length + " bytes");
        }
        this.buf = buf;
        this.pos = off;
        this.limit = off + len;
    }

    public int position() {
        return pos;
    }

    public int remaining() {
        return limit - pos;
    }

    private void need(int n) {
        if (n < 0 || n > limit - pos) {
            throw new IllegalArgumentException("truncated: need " + n + " bytes at " + pos + ", " + (limit - pos) + " left");
        }
    }

    public int readByte() {
        need(1);
        return buf[pos++] & 0xFF;
    }

    public int readInt() {
        need(4);
        int v = (int) INT_LE.get(buf, pos);
        pos += 4;
        return v;
    }

    public long readLong() {
        need(8);
        long v = (long) LONG_LE.get(buf, pos);
        pos += 8;
        return v;
    }

    /** ClickHouse VarUInt (LEB128), as {@link ByteSink#putVarUInt} writes it. */
    public long readVarUInt() {
        long v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            int b = readByte();
            v |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return v;
            }
        }
        throw new IllegalArgumentException("VarUInt longer than 10 bytes at " + pos);
    }

    /** A VarUInt that is a byte count or element count: it must fit an int and, for bytes, what is left. */
    public int readLength() {
        long v = readVarUInt();
        if (v > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("length " + v + " too large at " + pos);
        }
        return (int) v;
    }

    /** A ClickHouse String (VarUInt length, UTF-8). */
    public String readString() {
        int len = readLength();
        need(len);
        String s = new String(buf, pos, len, StandardCharsets.UTF_8);
        pos += len;
        return s;
    }

    public void skip(int n) {
        need(n);
        pos += n;
    }

    /** Copies the next {@code n} bytes into {@code sink}. */
    public void copyTo(ByteSink sink, int n) {
        need(n);
        sink.putBytes(buf, pos, n);
        pos += n;
    }

    /**
     * How many ClickHouse Strings the next {@code n} bytes hold exactly (without consuming them);
     * fails when a string would run past them. Lets a column check a delta before taking it.
     */
    public int countStrings(int n) {
        need(n);
        int p = pos;
        int end = pos + n;
        int count = 0;
        while (p < end) {
            long len = 0;
            int shift = 0;
            while (true) {
                if (p >= end || shift > 63) {
                    throw new IllegalArgumentException("string length runs past its column at " + p);
                }
                int b = buf[p++] & 0xFF;
                len |= (long) (b & 0x7F) << shift;
                shift += 7;
                if ((b & 0x80) == 0) {
                    break;
                }
            }
            if (len > end - p) {
                throw new IllegalArgumentException("string of " + len + " bytes runs past its column at " + p);
            }
            p += (int) len;
            count++;
        }
        return count;
    }
}
