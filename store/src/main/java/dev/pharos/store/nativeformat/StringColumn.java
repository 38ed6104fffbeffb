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

    @Override
    void reset(int maxRetainedBytes) {
        data.shrinkTo(maxRetainedBytes);
        rows = 0;
    }
}
