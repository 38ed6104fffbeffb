package dev.pharos.store.nativeformat;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;

/**
 * A Map(String, String) column, or a Map(LowCardinality(String), String) one (the keys then go to
 * the engine dictionary-encoded; held and copied to the disk buffer the same way). Native lays a map
 * out as Array(Tuple(K, V)): all row end offsets, then all keys, then all values.
 */
public final class StringMapColumn extends Column {

    private final ByteSink offsets = new ByteSink(1024);
    private final ByteSink keys = new ByteSink(4096);
    private final ByteSink values = new ByteSink(4096);
    private long entries;
    private final boolean lowCardinalityKeys;

    public StringMapColumn(String name) {
        this(name, false);
    }

    private StringMapColumn(String name, boolean lowCardinalityKeys) {
        super(name, lowCardinalityKeys ? "Map(LowCardinality(String), String)" : "Map(String, String)");
        this.lowCardinalityKeys = lowCardinalityKeys;
    }

    /** A column sent as {@code Map(LowCardinality(String), String)}, for table columns of that type. */
    public static StringMapColumn lowCardinalityKeys(String name) {
        return new StringMapColumn(name, true);
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

    /**
     * Adds one entry whose key and value are already in ClickHouse String encoding (length, then
     * UTF-8), written by the caller into {@link #keySink()} and {@link #valueSink()}.
     */
    public void addedEntries(int count) {
        entries += count;
    }

    public ByteSink keySink() {
        return keys;
    }

    public ByteSink valueSink() {
        return values;
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
    String layoutType() {
        return "Map(String, String)";
    }

    @Override
    void writeData(OutputStream out) throws IOException {
        if (!lowCardinalityKeys) {
            offsets.writeTo(out);
            keys.writeTo(out);
        } else {
            LowCardinalityEncoder.writePrefix(out);
            offsets.writeTo(out);
            LowCardinalityEncoder.forThisThread().write(keys.array(), keys.size(), Math.toIntExact(entries), offsets, out);
        }
        values.writeTo(out);
    }

    private int markRows;
    private long markEntries;
    private int markOffsets;
    private int markKeys;
    private int markValues;

    @Override
    void mark() {
        markRows = rows;
        markEntries = entries;
        markOffsets = offsets.size();
        markKeys = keys.size();
        markValues = values.size();
    }

    @Override
    void rollback() {
        rows = markRows;
        entries = markEntries;
        offsets.truncate(markOffsets);
        keys.truncate(markKeys);
        values.truncate(markValues);
    }

    @Override
    void writeSinceMark(ByteSink out) {
        long previous = markEntries;
        for (int at = markOffsets; at < offsets.size(); at += 8) {
            long end = offsets.getLong(at);
            out.putVarUInt(end - previous);
            previous = end;
        }
        out.putVarUInt(keys.size() - markKeys);
        out.putBytes(keys.array(), markKeys, keys.size() - markKeys);
        out.putVarUInt(values.size() - markValues);
        out.putBytes(values.array(), markValues, values.size() - markValues);
    }

    @Override
    void appendEncoded(ByteSource in, int rows) {
        long[] ends = new long[rows];
        long total = 0;
        for (int i = 0; i < rows; i++) {
            total += in.readVarUInt();
            ends[i] = entries + total;
        }
        int keyBytes = in.readLength();
        if (in.countStrings(keyBytes) != total) {
            throw new IllegalArgumentException(name() + ": key count does not match the rows' entry counts");
        }
        in.copyTo(keys, keyBytes);
        int valueBytes = in.readLength();
        if (in.countStrings(valueBytes) != total) {
            throw new IllegalArgumentException(name() + ": value count does not match the rows' entry counts");
        }
        in.copyTo(values, valueBytes);
        for (long end : ends) {
            offsets.putLong(end);
        }
        entries += total;
        this.rows += rows;
    }

    @Override
    void reset(int maxRetainedBytes) {
        markRows = 0;
        markEntries = 0;
        markOffsets = 0;
        markKeys = 0;
        markValues = 0;
        offsets.shrinkTo(maxRetainedBytes);
        keys.shrinkTo(maxRetainedBytes);
        values.shrinkTo(maxRetainedBytes);
        entries = 0;
        rows = 0;
    }
}
