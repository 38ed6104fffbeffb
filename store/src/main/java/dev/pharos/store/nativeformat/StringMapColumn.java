package dev.pharos.store.nativeformat;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;

/**
 * A Map(String, String) column. Native lays a map out as Array(Tuple(K, V)): all row end
 * offsets, then all keys, then all values. The engine converts it to Map(LowCardinality(String), String).
 */
public final class StringMapColumn extends Column {

    private final ByteSink offsets = new ByteSink(1024);
    private final ByteSink keys = new ByteSink(4096);
    private final ByteSink values = new ByteSink(4096);
    private long entries;

    public StringMapColumn(String name) {
        super(name, "Map(String, String)");
    }

    public void add(Map<String, String> map) {
        for (Map.Entry<String, String> e : map.entrySet()) {
            put(e.getKey(), e.getValue());
        }
        endRow();
    }

    /** Adds one entry to the row being built; finish the row with {@link #endRow()}. */
    public void put(CharSequence key, CharSequence value) {
        keys.putString(key);
        values.putString(value == null ? "" : value);
        entries++;
    }

    /** Adds one entry already encoded as UTF-8. */
    public void putUtf8(byte[] key, byte[] value) {
        keys.putString(key, 0, key.length);
        values.putString(value, 0, value.length);
        entries++;
    }

    public void endRow() {
        offsets.putLong(entries);
        rows++;
    }

    @Override
    public long encodedBytes() {
        return offsets.size() + (long) keys.size() + values.size();
    }

    @Override
    void writeData(OutputStream out) throws IOException {
        offsets.writeTo(out);
        keys.writeTo(out);
        values.writeTo(out);
    }

    @Override
    void reset(int maxRetainedBytes) {
        offsets.shrinkTo(maxRetainedBytes);
        keys.shrinkTo(maxRetainedBytes);
        values.shrinkTo(maxRetainedBytes);
        entries = 0;
        rows = 0;
    }
}
