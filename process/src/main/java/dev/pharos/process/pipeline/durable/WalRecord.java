package dev.pharos.process.pipeline.durable;

import dev.pharos.process.pipeline.Signal;
import dev.pharos.store.nativeformat.ByteSink;
import dev.pharos.store.nativeformat.ByteSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.zip.CRC32C;

/**
 * The on-disk layout of one disk-buffer record, and of the three record kinds.
 *
 * <pre>
 * record   = length:int32 crc:int32 type:int8 payload[length]      (little-endian; crc = CRC32C of type and payload)
 * APPEND   = count:varuint entry*                                  one request's rows, for each table it wrote to
 * entry    = batch:varuint signal:string table:string layout:int32 rows:varuint deltaLength:int32 delta[deltaLength]
 * SEAL     = batch:varuint signal:string table:string layout:int32 rows:varuint token:string
 * DONE     = batch:varuint outcome:int8                            1 = inserted, 2 = dropped
 * </pre>
 *
 * A {@code delta} is {@link dev.pharos.store.batch.TableBatch#writeSinceMark}: the rows as the
 * mappers produced them (after redaction), never the request bytes. A batch's rows are the deltas
 * of its APPEND entries in file order, so replaying them rebuilds the batch exactly, and its SEAL
 * carries the deduplication token of the insert, so a replayed insert is dropped by the engine
 * when the original made it. {@code layout} is a checksum of the table's column names and types:
 * a delta is only read back into a batch with the same columns.
 */
final class WalRecord {

    static final int HEADER = 9;
    /** Larger than any request can make (otlp.maxDecodedSize is below 2 GiB), so a larger length is damage. */
    static final int MAX_PAYLOAD = Integer.MAX_VALUE - 64;

    static final int APPEND = 1;
    static final int SEAL = 2;
    static final int DONE = 3;

    static final int INSERTED = 1;
    static final int DROPPED = 2;

    private WalRecord() {}

    /** Starts a record in {@code sink} (which must be empty): header space, then the type. */
    static void begin(ByteSink sink, int type) {
        sink.putInt(0);
        sink.putInt(0);
        sink.putByte(type);
    }

    /** Fills in the length and checksum once the payload is written. */
    static void finish(ByteSink sink) {
        int length = sink.size() - HEADER;
        sink.putIntAt(0, length);
        sink.putIntAt(4, crc(sink.array(), 8, length + 1));
    }

    static int crc(byte[] b, int off, int len) {
        CRC32C crc = new CRC32C();
        crc.update(b, off, len);
        return (int) crc.getValue();
    }

    /** A checksum of a table's columns ({@link dev.pharos.store.batch.TableBatch#layout()}). */
    static int layoutHash(String layout) {
        byte[] b = layout.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        return crc(b, 0, b.length);
    }

    static Signal signal(String label) {
        return Signal.valueOf(label.toUpperCase(Locale.ROOT));
    }

    /** One table's rows in an APPEND record; the delta is at {@code [deltaOffset, deltaOffset + deltaLength)} of the payload array. */
    record Entry(long batch, Signal signal, String table, int layout, int rows, int deltaOffset, int deltaLength) {}

    record Seal(long batch, Signal signal, String table, int layout, int rows, String token) {}

    record Done(long batch, boolean inserted) {}

    /** Reads the entries of an APPEND payload, skipping the deltas. */
    static List<Entry> readAppend(ByteSource in) {
        int count = in.readLength();
        List<Entry> entries = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            long batch = in.readVarUInt();
            Signal signal = signal(in.readString());
            String table = in.readString();
            int layout = in.readInt();
            int rows = in.readLength();
            int deltaLength = in.readInt();
            int at = in.position();
            in.skip(deltaLength);
            entries.add(new Entry(batch, signal, table, layout, rows, at, deltaLength));
        }
        return entries;
    }

    static void writeSeal(ByteSink sink, WalBatch b, String token) {
        begin(sink, SEAL);
        sink.putVarUInt(b.id());
        sink.putString(b.signal().label());
        sink.putString(b.table());
        sink.putInt(b.layout());
        sink.putVarUInt(b.rows());
        sink.putString(token);
        finish(sink);
    }

    static Seal readSeal(ByteSource in) {
        return new Seal(in.readVarUInt(), signal(in.readString()), in.readString(), in.readInt(), in.readLength(), in.readString());
    }

    static void writeDone(ByteSink sink, long batch, boolean inserted) {
        begin(sink, DONE);
        sink.putVarUInt(batch);
        sink.putByte(inserted ? INSERTED : DROPPED);
        finish(sink);
    }

    static Done readDone(ByteSource in) {
        return new Done(in.readVarUInt(), in.readByte() == INSERTED);
    }
}
