package dev.pharos.process.wire;

/**
 * A cursor over one protobuf message inside a byte array. Hand-written because protobuf-java has
 * no way to hand out a string field as an offset into the request: its parser allocates an object
 * per message and a String per string, which cost more than the rest of ingest together (see
 * docs/performance.md). Here field values stay where they are and are copied once, into the
 * insert columns (OTLP and Prometheus remote write). Every length is checked against the enclosing message, so a hostile length
 * cannot read outside it.
 */
public final class WireReader {

    public static final int VARINT = 0;
    public static final int I64 = 1;
    public static final int LEN = 2;
    public static final int I32 = 5;

    public final byte[] buf;
    /** The read position; after {@link #bytesField()} the end of that field. */
    public int pos;
    public final int limit;
    private int tag;

    public WireReader(byte[] buf, int pos, int limit) {
        this.buf = buf;
        this.pos = pos;
        this.limit = limit;
    }

    public boolean next() {
        if (pos >= limit) {
            return false;
        }
        long t = varint();
        if (t >>> 32 != 0 || (t >>> 3) == 0) {
            throw malformed("invalid field tag");
        }
        tag = (int) t;
        return true;
    }

    public int field() {
        return tag >>> 3;
    }

    public int wireType() {
        return tag & 7;
    }

    public long varint() {
        long result = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (pos >= limit) {
                throw malformed("truncated varint");
            }
            byte b = buf[pos++];
            result |= (long) (b & 0x7F) << shift;
            if (b >= 0) {
                return result;
            }
        }
        throw malformed("varint longer than 10 bytes");
    }

    public long fixed64() {
        if (limit - pos < 8) {
            throw malformed("truncated fixed64");
        }
        long v = 0;
        for (int i = 7; i >= 0; i--) {
            v = (v << 8) | (buf[pos + i] & 0xFF);
        }
        pos += 8;
        return v;
    }

    public int fixed32() {
        if (limit - pos < 4) {
            throw malformed("truncated fixed32");
        }
        int v = (buf[pos] & 0xFF) | (buf[pos + 1] & 0xFF) << 8 | (buf[pos + 2] & 0xFF) << 16 | (buf[pos + 3] & 0xFF) << 24;
        pos += 4;
        return v;
    }

    /** Reads a length prefix and returns the start of the field's bytes; they end at {@link #pos} afterwards. */
    public int lengthDelimited() {
        long len = varint();
        if (len < 0 || len > limit - pos) {
            throw malformed("length " + len + " runs past the end of its message");
        }
        int start = pos;
        pos += (int) len;
        return start;
    }

    /** The value of the current field as a number, whatever its numeric wire type. */
    public long number() {
        return switch (wireType()) {
            case VARINT -> varint();
            case I64 -> fixed64();
            case I32 -> fixed32() & 0xFFFFFFFFL;
            default -> throw malformed("field " + field() + " has wire type " + wireType() + ", expected a number");
        };
    }

    /** Requires the current field to be length-delimited and returns its start (its end is {@link #pos}). */
    public int bytesField() {
        if (wireType() != LEN) {
            throw malformed("field " + field() + " has wire type " + wireType() + ", expected length-delimited");
        }
        return lengthDelimited();
    }

    public void skip() {
        switch (wireType()) {
            case VARINT -> varint();
            case I64 -> {
                if (limit - pos < 8) {
                    throw malformed("truncated fixed64");
                }
                pos += 8;
            }
            case LEN -> lengthDelimited();
            case I32 -> {
                if (limit - pos < 4) {
                    throw malformed("truncated fixed32");
                }
                pos += 4;
            }
            default -> throw malformed("unsupported wire type " + wireType());
        }
    }

    public static MalformedPayloadException malformed(String message) {
        return new MalformedPayloadException("invalid protobuf: " + message);
    }
}
