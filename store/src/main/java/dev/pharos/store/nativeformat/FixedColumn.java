package dev.pharos.store.nativeformat;

import java.io.IOException;
import java.io.OutputStream;

/**
 * A fixed-width numeric column (UInt8..Int64, Float64, DateTime, DateTime64...). The width comes
 * from the type so a caller cannot write 4 bytes into an 8-byte column.
 */
public final class FixedColumn extends Column {

    private final int width;
    private final ByteSink data = new ByteSink(4096);

    public FixedColumn(String name, String type) {
        super(name, type);
        this.width = widthOf(type);
    }

    static int widthOf(String type) {
        return switch (type) {
            case "UInt8", "Int8", "Bool" -> 1;
            case "UInt16", "Int16" -> 2;
            case "UInt32", "Int32", "Float32", "DateTime" -> 4;
            case "UInt64", "Int64", "Float64" -> 8;
            default -> {
                if (type.startsWith("DateTime64(")) {
                    yield 8;
                }
                throw new IllegalArgumentException("not a fixed-width type: " + type);
            }
        };
    }

    public void add(long value) {
        switch (width) {
            case 1 -> data.putByte((int) value);
            case 2 -> data.putShort((int) value);
            case 4 -> data.putInt((int) value);
            default -> data.putLong(value);
        }
        rows++;
    }

    public void addDouble(double value) {
        if (width == 8) {
            data.putDouble(value);
        } else if (width == 4) {
            data.putInt(Float.floatToRawIntBits((float) value));
        } else {
            throw new IllegalStateException(type() + " cannot hold a floating point value");
        }
        rows++;
    }

    @Override
    public long encodedBytes() {
        return data.size();
    }

    @Override
    void writeData(OutputStream out) throws IOException {
        data.writeTo(out);
    }

    private int markRows;
    private int markSize;

    @Override
    void mark() {
        markRows = rows;
        markSize = data.size();
    }

    @Override
    void rollback() {
        rows = markRows;
        data.truncate(markSize);
    }

    @Override
    void writeSinceMark(ByteSink out) {
        int n = data.size() - markSize;
        out.putVarUInt(n);
        out.putBytes(data.array(), markSize, n);
    }

    @Override
    void appendEncoded(ByteSource in, int rows) {
        int n = in.readLength();
        if ((long) rows * width != n) {
            throw new IllegalArgumentException(name() + ": " + n + " bytes for " + rows + " values of " + width + " bytes");
        }
        in.copyTo(data, n);
        this.rows += rows;
    }

    @Override
    void reset(int maxRetainedBytes) {
        markRows = 0;
        markSize = 0;
        data.shrinkTo(maxRetainedBytes);
        rows = 0;
    }
}
