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
 * Fixed-width 8-byte columns (UInt64, Int64, DateTime64, Float64) and {@code LowCardinality(String)}
 * (a block's distinct strings once, then a small index per row: the tenant of every sample for about
 * a byte) are read; the expected types are checked so a change of column type fails loudly instead
 * of decoding garbage.
 */
final class NativeColumns {

    private static final VarHandle LONG_LE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle DOUBLE_LE = MethodHandles.byteArrayViewVarHandle(double[].class, ByteOrder.LITTLE_ENDIAN);

    private static final String LOW_CARDINALITY_STRING = "LowCardinality(String)";
    /** The only key serialization the engine writes ("shared dictionaries with additional keys"). */
    private static final long LOW_CARDINALITY_KEYS_VERSION = 1;
    /** Flags in the index type word; in Native every key of a block comes as an "additional key", never a global dictionary. */
    private static final long NEED_GLOBAL_DICTIONARY = 1L << 8;
    private static final long HAS_ADDITIONAL_KEYS = 1L << 9;
    private static final long NEED_UPDATE_DICTIONARY = 1L << 10;

    private final byte[] buf;
    private final List<String> types;
    private final int[] columnStart;
    /** Per LowCardinality column: the block's keys, and the width in bytes of its row indexes. */
    private final String[][] keys;
    private final int[] indexWidth;
    private int pos;
    private int rows;

    /** @param types the type name of each column, as the engine spells it (e.g. {@code DateTime64(3)}) */
    NativeColumns(byte[] buf, List<String> types) {
        this.buf = buf;
        this.types = List.copyOf(types);
        this.columnStart = new int[types.size()];
        this.keys = new String[types.size()][];
        this.indexWidth = new int[types.size()];
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
            if (type.equals(LOW_CARDINALITY_STRING)) {
                lowCardinality(c);
            } else {
                columnStart[c] = pos;
                pos = Math.addExact(pos, Math.multiplyExact(rows, Long.BYTES));
            }
        }
        if (pos > buf.length) {
            throw new IllegalStateException("Native block longer than the result");
        }
        return true;
    }

    /** A LowCardinality(String) column: version, index type and flags, the keys, the row count, then one index per row. */
    private void lowCardinality(int c) {
        if (rows == 0) {
            // The engine writes nothing for an empty column, not even the version.
            keys[c] = new String[0];
            return;
        }
        if (uint64() != LOW_CARDINALITY_KEYS_VERSION) {
            throw new IllegalStateException("Native column " + c + ": unknown LowCardinality key serialization");
        }
        long indexType = uint64();
        if ((indexType & NEED_GLOBAL_DICTIONARY) != 0 || (indexType & HAS_ADDITIONAL_KEYS) == 0) {
            throw new IllegalStateException("Native column " + c + ": LowCardinality without its keys in the block");
        }
        int width = switch ((int) (indexType & ~(NEED_GLOBAL_DICTIONARY | HAS_ADDITIONAL_KEYS | NEED_UPDATE_DICTIONARY))) {
            case 0 -> 1;
            case 1 -> 2;
            case 2 -> 4;
            case 3 -> 8;
            default -> throw new IllegalStateException("Native column " + c + ": unknown LowCardinality index type " + indexType);
        };
        String[] k = new String[Math.toIntExact(uint64())];
        for (int i = 0; i < k.length; i++) {
            k[i] = string();
        }
        if (uint64() != rows) {
            throw new IllegalStateException("Native column " + c + ": LowCardinality row count differs from the block's");
        }
        keys[c] = k;
        indexWidth[c] = width;
        columnStart[c] = pos;
        pos = Math.addExact(pos, Math.multiplyExact(rows, width));
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

    /** A LowCardinality(String) value; the same String instance for the same value within a block. */
    String lowCardinalityString(int column, int row) {
        int at = columnStart[column] + row * indexWidth[column];
        long index = switch (indexWidth[column]) {
            case 1 -> buf[at] & 0xFFL;
            case 2 -> (buf[at] & 0xFFL) | (buf[at + 1] & 0xFFL) << 8;
            case 4 -> (buf[at] & 0xFFL) | (buf[at + 1] & 0xFFL) << 8 | (buf[at + 2] & 0xFFL) << 16 | (buf[at + 3] & 0xFFL) << 24;
            default -> (long) LONG_LE.get(buf, at);
        };
        return keys[column][Math.toIntExact(index)];
    }

    private long uint64() {
        long v = (long) LONG_LE.get(buf, pos);
        pos += Long.BYTES;
        return v;
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
