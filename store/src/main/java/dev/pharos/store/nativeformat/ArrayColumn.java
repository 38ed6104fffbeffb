package dev.pharos.store.nativeformat;

import java.io.IOException;
import java.io.OutputStream;

/**
 * An Array(T) column whose elements are themselves a {@link Column} (String, fixed-width, map...).
 * Append elements to {@link #elements()}, then call {@link #endRow()}.
 */
public final class ArrayColumn<E extends Column> extends Column {

    private final ByteSink offsets = new ByteSink(1024);
    private final E elements;

    public ArrayColumn(String name, E elements) {
        super(name, "Array(" + elements.type() + ")");
        if (elements.type().contains("LowCardinality")) {
            // Its state prefix would have to go before the array offsets; nothing needs that yet.
            throw new IllegalArgumentException("arrays of dictionary-encoded columns are not supported: " + elements.type());
        }
        this.elements = elements;
    }

    public E elements() {
        return elements;
    }

    public void endRow() {
        offsets.putLong(elements.rows());
        rows++;
    }

    @Override
    public long encodedBytes() {
        return offsets.size() + elements.encodedBytes();
    }

    @Override
    void writeData(OutputStream out) throws IOException {
        offsets.writeTo(out);
        elements.writeData(out);
    }

    private int markRows;
    private int markOffsets;

    @Override
    void mark() {
        markRows = rows;
        markOffsets = offsets.size();
        elements.mark();
    }

    @Override
    void rollback() {
        rows = markRows;
        offsets.truncate(markOffsets);
        elements.rollback();
    }

    @Override
    void writeSinceMark(ByteSink out) {
        long previous = markOffsets == 0 ? 0 : offsets.getLong(markOffsets - 8);
        for (int at = markOffsets; at < offsets.size(); at += 8) {
            long end = offsets.getLong(at);
            out.putVarUInt(end - previous);
            previous = end;
        }
        elements.writeSinceMark(out);
    }

    @Override
    void appendEncoded(ByteSource in, int rows) {
        long[] ends = new long[rows];
        long total = 0;
        long base = elements.rows();
        for (int i = 0; i < rows; i++) {
            total += in.readVarUInt();
            ends[i] = base + total;
        }
        if (total > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(name() + ": " + total + " elements");
        }
        elements.appendEncoded(in, (int) total);
        for (long end : ends) {
            offsets.putLong(end);
        }
        this.rows += rows;
    }

    @Override
    void reset(int maxRetainedBytes) {
        markRows = 0;
        markOffsets = 0;
        offsets.shrinkTo(maxRetainedBytes);
        elements.reset(maxRetainedBytes);
        rows = 0;
    }
}
