package dev.pharos.query.promql.clickhouse;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A cursor over a result in the engine's Native format, block by block: a block holds each column's
 * values contiguous, so the engine writes a column with one copy where RowBinary writes it value by
 * value (most of the sample read's time for large reads), and here values are read in place.
 * Only fixed-width 8-byte columns (UInt64, Int64, DateTime64, Float64) are read; the expected types
 * are checked so a change of column type fails loudly instead of decoding garbage.
 */
final class NativeColumns {

    private static final VarHandle LONG_LE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle DOUBLE_LE = MethodHandles.byteArrayViewVarHandle(double[].class, ByteOrder.LITTLE_ENDIAN);

    private final byte[] buf;
    private final List<String> types;
    private final int[] columnStart;
    private int pos;
    private int rows;

    /** @param types the type name of each column, as the engine spells it (e.g. {@code DateTime64(3)}) */
    NativeColumns(byte[] buf, List<String> types) {
        this.buf = buf;
        this.types = List.copyOf(types);
        this.columnStart = new int[types.size()];
    }

    /** Moves to the next block; false at the end. */
    boolean nextBlock() {
        if (pos >= buf.length) {
            return false;
        }
        int columns = varUInt();
        rows = varUInt();
        if (columns != types.size()) {
            throw new IllegalStateException("Native block with " + columns + " columns, expected " + types.size());
        }
        for (int c = 0; c < columns; c++) {
            skipString();
            String type = string();
            if (!type.equals(types.get(c))) {
                throw new IllegalStateException("Native column " + c + " is " + type + ", expected " + types.get(c));
            }
            columnStart[c] = pos;
            pos = Math.addExact(pos, Math.multiplyExact(rows, Long.BYTES));
        }
        if (pos > buf.length) {
            throw new IllegalStateException("Native block longer than the result");
        }
        return true;
    }

    int rows() {
        return rows;
    }

    long int64(int column, int row) {
        return (long) LONG_LE.get(buf, columnStart[column] + row * Long.BYTES);
    }

    double float64(int column, int row) {
        return (double) DOUBLE_LE.get(buf, columnStart[column] + row * Double.BYTES);
    }

    private int varUInt() {
        long result = 0;
        for (int shift = 0; ; shift += 7) {
            byte b = buf[pos++];
            result |= (long) (b & 0x7F) << shift;
            if (b >= 0) {
                return Math.toIntExact(result);
            }
        }
    }

    private String string() {
        int len = varUInt();
        String s = new String(buf, pos, len, StandardCharsets.UTF_8);
        pos += len;
        return s;
    }

    private void skipString() {
        int len = varUInt();
        pos += len;
    }
}
