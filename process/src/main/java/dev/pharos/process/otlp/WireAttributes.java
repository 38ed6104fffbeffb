package dev.pharos.process.otlp;

import dev.pharos.process.wire.WireReader;
import dev.pharos.store.nativeformat.ByteSink;
import dev.pharos.store.nativeformat.StringColumn;
import dev.pharos.store.nativeformat.StringMapColumn;

/**
 * Resource or scope attributes read from the wire and encoded once, then copied as bytes into
 * every row of that resource or scope: a request of 1,000 spans from one service renders its
 * resource once, not 1,000 times. Reused across requests.
 */
final class WireAttributes {

    private static final byte[] EMPTY_STRING = {0};

    private final ByteSink keys = new ByteSink(512);
    private final ByteSink values = new ByteSink(512);
    private int count;
    private int serviceStart;
    private int serviceEnd;

    void clear() {
        keys.reset();
        values.reset();
        count = 0;
        serviceStart = 0;
        serviceEnd = 0;
    }

    int count() {
        return count;
    }

    /** Adds the KeyValue at {@code [start, end)}; the value of {@code service.name} is remembered. */
    void add(byte[] buf, int start, int end, WireValues renderer, int depth) {
        int before = values.size();
        int written = renderer.putKeyValue(buf, start, end, keys, values, depth);
        if (written == WireValues.WRITTEN_SERVICE_NAME) {
            serviceStart = before;
            serviceEnd = values.size();
        }
        if (written != WireValues.DROPPED) {
            count++;
        }
    }

    /** Adds every KeyValue numbered {@code field} in the message at {@code [start, end)}. */
    void addAll(byte[] buf, int start, int end, int field, WireValues renderer, int depth) {
        WireReader r = new WireReader(buf, start, end);
        while (r.next()) {
            if (r.field() == field) {
                int s = r.bytesField();
                add(buf, s, r.pos, renderer, depth);
            } else {
                r.skip();
            }
        }
    }

    /**
     * The rendered value of attribute {@code key} (UTF-8 bytes), or null when absent. Called once
     * per resource, so a scan of the encoded pairs is cheaper than indexing every attribute.
     */
    String valueOf(byte[] key) {
        byte[] k = keys.array();
        byte[] v = values.array();
        int[] kp = {0};
        int[] vp = {0};
        for (int i = 0; i < count; i++) {
            int kl = stringLength(k, kp);
            int vl = stringLength(v, vp);
            if (java.util.Arrays.equals(k, kp[0], kp[0] + kl, key, 0, key.length)) {
                return new String(v, vp[0], vl, java.nio.charset.StandardCharsets.UTF_8);
            }
            kp[0] += kl;
            vp[0] += vl;
        }
        return null;
    }

    /** Reads the LEB128 length prefix of a ClickHouse String at {@code pos[0]} and moves past it. */
    private static int stringLength(byte[] buf, int[] pos) {
        long len = 0;
        int shift = 0;
        byte b;
        do {
            b = buf[pos[0]++];
            len |= (long) (b & 0x7F) << shift;
            shift += 7;
        } while (b < 0);
        return (int) len;
    }

    void writeRow(StringMapColumn column) {
        column.keySink().putBytes(keys.array(), 0, keys.size());
        column.valueSink().putBytes(values.array(), 0, values.size());
        column.addedEntries(count);
        column.endRow();
    }

    /** Writes the {@code service.name} value (or an empty string) as one row of {@code column}. */
    void writeServiceName(StringColumn column) {
        if (serviceEnd > serviceStart) {
            column.sink().putBytes(values.array(), serviceStart, serviceEnd - serviceStart);
        } else {
            column.sink().putBytes(EMPTY_STRING, 0, 1);
        }
        column.added();
    }
}
