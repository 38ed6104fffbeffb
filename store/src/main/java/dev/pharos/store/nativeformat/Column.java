package dev.pharos.store.nativeformat;

import java.io.IOException;
import java.io.OutputStream;

/**
 * One column of a {@link NativeBlock}: its ClickHouse name and type and the encoded values.
 * Subclasses expose typed {@code add} methods; each call appends one row.
 */
public abstract sealed class Column
        permits StringColumn, FixedColumn, StringMapColumn, ArrayColumn {

    private final String name;
    private final String type;
    protected int rows;

    protected Column(String name, String type) {
        this.name = name;
        this.type = type;
    }

    public final String name() {
        return name;
    }

    /** The ClickHouse type written in the block header, e.g. {@code Map(String, String)}. */
    public final String type() {
        return type;
    }

    /**
     * The type of the rows as {@link #writeSinceMark} writes them, which the disk buffer's layout
     * check depends on: the same as {@link #type()} except for columns sent dictionary-encoded.
     */
    String layoutType() {
        return type;
    }

    public final int rows() {
        return rows;
    }

    /** Bytes held by the encoded values; what a batch counts against its byte budget. */
    public abstract long encodedBytes();

    /** Writes the values in Native layout (offsets before nested data for arrays and maps). */
    abstract void writeData(OutputStream out) throws IOException;

    abstract void reset(int maxRetainedBytes);

    /** Remembers the current end so that {@link #rollback()} can undo what is appended after it. */
    abstract void mark();

    /** Drops every row and byte appended since the last {@link #mark()}. */
    abstract void rollback();

    /**
     * Writes the values appended since the last {@link #mark()} so that {@link #appendEncoded}
     * can add them to another batch of the same table: the bytes as they are, with array and map
     * offsets turned into per-row counts (offsets are positions in this batch only).
     */
    abstract void writeSinceMark(ByteSink out);

    /**
     * Appends {@code rows} rows written by {@link #writeSinceMark}; fails when they do not fit the
     * column (the block then rolls every column back, see {@link NativeBlock#appendEncoded}).
     */
    abstract void appendEncoded(ByteSource in, int rows);
}
