package dev.pharos.store.batch;

import dev.pharos.store.nativeformat.ByteSink;
import dev.pharos.store.nativeformat.ByteSource;
import dev.pharos.store.nativeformat.Column;
import dev.pharos.store.nativeformat.NativeBlock;
import java.util.List;

/**
 * Rows for one OTel table, encoded column by column as they arrive, so a full batch is already in
 * the engine's insert format. A batch is reused: insert its {@link #block()}, then {@link #reset()}.
 * Every row must add exactly one value to every column; the block refuses to be written otherwise.
 */
public abstract class TableBatch {

    private final String table;
    private NativeBlock block;

    protected TableBatch(String table) {
        this.table = table;
    }

    /** The table's name without database, e.g. {@code otel_logs}. */
    public final String table() {
        return table;
    }

    /** Every column, in insert order; called once. */
    protected abstract List<Column> columns();

    public final NativeBlock block() {
        if (block == null) {
            block = new NativeBlock(columns());
        }
        return block;
    }

    public final int rows() {
        return block().rows();
    }

    public final long encodedBytes() {
        return block().encodedBytes();
    }

    /** See {@link NativeBlock#mark()}. */
    public final void mark() {
        block().mark();
    }

    /** See {@link NativeBlock#rollback()}. */
    public final void rollback() {
        block().rollback();
    }

    /** See {@link NativeBlock#rowsSinceMark()}. */
    public final int rowsSinceMark() {
        return block().rowsSinceMark();
    }

    /** See {@link NativeBlock#writeSinceMark}. */
    public final void writeSinceMark(ByteSink out) {
        block().writeSinceMark(out);
    }

    /** See {@link NativeBlock#appendEncoded}. */
    public final void appendEncoded(ByteSource in, int rows) {
        block().appendEncoded(in, rows);
    }

    /** See {@link NativeBlock#layout()}. */
    public final String layout() {
        return block().layout();
    }

    public final void reset() {
        block().reset();
    }
}
