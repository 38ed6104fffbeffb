package dev.pharos.query.promql.clickhouse;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** A cursor over a RowBinary result: the series lookup's rows (tenant, fingerprint, name, labels), no parsing. */
final class RowBinaryReader {

    /** RowBinary numbers are little-endian: one bounds-checked 8-byte load instead of eight byte loads and shifts. */
    private static final VarHandle LONG_LE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private final byte[] buf;
    private int pos;

    RowBinaryReader(byte[] buf) {
        this.buf = buf;
    }

    boolean hasMore() {
        return pos < buf.length;
    }

    long int64() {
        long v = (long) LONG_LE.get(buf, pos);
        pos += 8;
        return v;
    }

    int varUInt() {
        long result = 0;
        for (int shift = 0; ; shift += 7) {
            byte b = buf[pos++];
            result |= (long) (b & 0x7F) << shift;
            if (b >= 0) {
                return (int) result;
            }
        }
    }

    String string() {
        int len = varUInt();
        String s = new String(buf, pos, len, StandardCharsets.UTF_8);
        pos += len;
        return s;
    }
}
