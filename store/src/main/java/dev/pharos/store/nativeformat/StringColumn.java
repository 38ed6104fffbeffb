package dev.pharos.store.nativeformat;

import java.io.IOException;
import java.io.OutputStream;

/** A String column; also feeds LowCardinality(String) columns, which the engine converts on insert. */
public final class StringColumn extends Column {

    private final ByteSink data = new ByteSink(4096);

    public StringColumn(String name) {
        super(name, "String");
    }

    public void add(CharSequence value) {
        data.putString(value == null ? "" : value);
        rows++;
    }

    /** The sink behind the column, for callers that write a value's bytes themselves; follow with {@link #added()}. */
    public ByteSink sink() {
        return data;
    }

    /** Counts a row whose value was written straight into {@link #sink()}. */
    public void added() {
        rows++;
    }

    public void add(byte[] utf8, int off, int len) {
        data.putString(utf8, off, len);
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
        int strings = in.countStrings(n);
        if (strings != rows) {
            throw new IllegalArgumentException(name() + ": " + strings + " strings for " + rows + " rows");
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
