package dev.pharos.store.nativeformat;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

/**
 * One batch of rows encoded in ClickHouse's Native format (column-oriented, no compression), the
 * fastest input path we measured into the engine (see docs/storage.md). A block is reused: fill
 * its columns, insert it, {@link #reset()} it.
 */
public final class NativeBlock {

    /** Column buffers bigger than this are dropped after a reset instead of being kept for reuse. */
    private static final int MAX_RETAINED_COLUMN_BYTES = 32 << 20;

    private final List<Column> columns;

    public NativeBlock(List<? extends Column> columns) {
        if (columns.isEmpty()) {
            throw new IllegalArgumentException("a block needs at least one column");
        }
        this.columns = List.copyOf(columns);
    }

    public List<Column> columns() {
        return columns;
    }

    public int rows() {
        return columns.getFirst().rows();
    }

    public long encodedBytes() {
        long total = 0;
        for (Column c : columns) {
            total += c.encodedBytes();
        }
        return total;
    }

    /** The column list for the INSERT statement, e.g. {@code (Timestamp, Body)}. */
    public String columnList() {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < columns.size(); i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append('`').append(columns.get(i).name()).append('`');
        }
        return sb.append(')').toString();
    }

    /** Writes the block; fails if a column was filled with a different number of rows than the others. */
    public void writeTo(OutputStream out) throws IOException {
        int rows = rows();
        for (Column c : columns) {
            if (c.rows() != rows) {
                throw new IllegalStateException("column " + c.name() + " has " + c.rows() + " rows, expected " + rows);
            }
        }
        ByteSink header = new ByteSink(64);
        header.putVarUInt(columns.size());
        header.putVarUInt(rows);
        header.writeTo(out);
        for (Column c : columns) {
            header.reset();
            header.putString(c.name());
            header.putString(c.type());
            header.writeTo(out);
            c.writeData(out);
        }
    }

    /** Remembers where every column ends now; see {@link #rollback()}. */
    public void mark() {
        markRows = rows();
        for (Column c : columns) {
            c.mark();
        }
    }

    private int markRows;

    /** Rows appended since {@link #mark()} (all rows when never marked since the last reset). */
    public int rowsSinceMark() {
        return rows() - markRows;
    }

    /**
     * Writes the rows appended since {@link #mark()}, column by column, in a form that
     * {@link #appendEncoded} appends to another block with the same columns. This is how a
     * request's rows, exactly as mapped, are copied to the disk buffer and back.
     */
    public void writeSinceMark(ByteSink out) {
        for (Column c : columns) {
            c.writeSinceMark(out);
        }
    }

    /**
     * Appends {@code rows} rows written by {@link #writeSinceMark} into this block. Input that does
     * not fit (damaged, or another column layout) fails with {@link IllegalArgumentException} and
     * leaves the block as it was.
     */
    public void appendEncoded(ByteSource in, int rows) {
        mark();
        try {
            for (Column c : columns) {
                c.appendEncoded(in, rows);
            }
        } catch (RuntimeException e) {
            rollback();
            throw e instanceof IllegalArgumentException ? e : new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /** The columns as {@code name type} pairs: what a delta written by {@link #writeSinceMark} depends on. */
    public String layout() {
        StringBuilder sb = new StringBuilder();
        for (Column c : columns) {
            sb.append(c.name()).append(' ').append(c.layoutType()).append(';');
        }
        return sb.toString();
    }

    /** Undoes every row appended since {@link #mark()}, e.g. a request that turned out malformed halfway. */
    public void rollback() {
        for (Column c : columns) {
            c.rollback();
        }
    }

    public void reset() {
        markRows = 0;
        for (Column c : columns) {
            c.reset(MAX_RETAINED_COLUMN_BYTES);
        }
    }
}
