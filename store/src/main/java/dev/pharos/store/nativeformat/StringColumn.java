package dev.pharos.store.nativeformat;

import java.io.IOException;
import java.io.OutputStream;

/**
 * A String column, or a LowCardinality(String) one: the rows are held the same way (and copied to
 * the disk buffer the same way), only the block sent to the engine differs.
 */
public final class StringColumn extends Column {

    private final ByteSink data = new ByteSink(4096);
    private final boolean lowCardinality;

    public StringColumn(String name) {
        this(name, false);
    }

    private StringColumn(String name, boolean lowCardinality) {
        super(name, lowCardinality ? "LowCardinality(String)" : "String");
        this.lowCardinality = lowCardinality;
    }

    /** A column sent as {@code LowCardinality(String)}, for table columns of that type: the engine need not build the dictionary. */
    public static StringColumn lowCardinality(String name) {
        return new StringColumn(name, true);
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
    String layoutType() {
        return "String";
    }

    @Override
    void writeData(OutputStream out) throws IOException {
        if (!lowCardinality) {
            data.writeTo(out);
            return;
        }
        LowCardinalityEncoder.writePrefix(out);
        LowCardinalityEncoder.forThisThread().write(data.array(), data.size(), rows, null, out);
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
