package dev.pharos.process.otlp;

import dev.pharos.process.redact.Redactor;
import dev.pharos.process.wire.ByteRangeMemo;
import dev.pharos.process.wire.Utf8Check;
import dev.pharos.process.wire.WireReader;
import dev.pharos.store.nativeformat.ByteSink;
import dev.pharos.store.nativeformat.StringMapColumn;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * OTLP {@code AnyValue} and {@code KeyValue} read straight from the wire and written as the text
 * the ClickHouse exporter stores ({@link AttributeText} gives the same text from decoded objects):
 * strings as they are, numbers in plain notation, bytes in base64, arrays and maps as JSON.
 * String bytes are checked to be UTF-8, as proto3 requires.
 *
 * <p>Values pass through the current {@link Redactor} (see {@link #redactWith}) before they are
 * written, so a secret never reaches a batch, the disk buffer or the engine. A value without a
 * secret is written from the request bytes as before; the redactor only reads its text.
 */
final class WireValues {

    // AnyValue fields
    private static final int STRING = 1;
    private static final int BOOL = 2;
    private static final int INT = 3;
    private static final int DOUBLE = 4;
    private static final int ARRAY = 5;
    private static final int KVLIST = 6;
    private static final int BYTES = 7;

    private static final byte[] TRUE = "true".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] FALSE = "false".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NULL = "null".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    private final int maxDepth;
    /** Rendered values whose length is not known before rendering; reused. */
    private final ByteSink scratch = new ByteSink(1024);
    private Redactor redactor;
    private final SecretKeyVerdicts secretKeys = new SecretKeyVerdicts();
    /**
     * The prefilter's verdict per short value: most attribute values repeat (methods, routes, hosts,
     * statements), and looking one up reads it eight bytes at a time where the prefilter takes every
     * byte through a class table and a trigger-word check.
     */
    private final ByteRangeMemo valueCandidates = new ByteRangeMemo(1024, 64);

    WireValues(int maxDepth) {
        this.maxDepth = maxDepth;
    }

    static void requireUtf8(byte[] buf, int start, int end) {
        if (!Utf8Check.isValid(buf, start, end)) {
            throw WireReader.malformed("string field is not valid UTF-8");
        }
    }

    /** Writes a string field as a ClickHouse String, after checking it is UTF-8. */
    static void putUtf8String(ByteSink out, byte[] buf, int start, int end) {
        requireUtf8(buf, start, end);
        out.putString(buf, start, end - start);
    }

    /** Counts the fields numbered {@code field} in a message (e.g. the attributes of a span). */
    static int countField(byte[] buf, int start, int end, int field) {
        WireReader r = new WireReader(buf, start, end);
        int n = 0;
        while (r.next()) {
            if (r.field() == field) {
                n++;
            }
            r.skip();
        }
        return n;
    }

    private static final byte[] SERVICE_NAME = "service.name".getBytes(StandardCharsets.US_ASCII);

    /** {@link #putKeyValue} results. */
    static final int WRITTEN = 0;
    static final int WRITTEN_SERVICE_NAME = 1;
    /** The redactor's policy drops attributes holding secrets, and this one did. */
    static final int DROPPED = -1;

    /** The redactor for what is written from now on; null writes values as they come. */
    void redactWith(Redactor r) {
        this.redactor = r == null || !r.active() ? null : r;
    }

    /** Appends the KeyValue in {@code [start, end)} to the row being built in {@code map}. */
    void putKeyValue(byte[] buf, int start, int end, StringMapColumn map, int depth) {
        if (putKeyValue(buf, start, end, map.keySink(), map.valueSink(), depth) != DROPPED) {
            map.addedEntries(1);
        }
    }

    /**
     * Writes the key and the rendered value of a KeyValue as ClickHouse Strings into two streams;
     * returns {@link #WRITTEN}, {@link #WRITTEN_SERVICE_NAME} or {@link #DROPPED} (nothing written).
     */
    int putKeyValue(byte[] buf, int start, int end, ByteSink keys, ByteSink values, int depth) {
        WireReader r = new WireReader(buf, start, end);
        int keyStart = start;
        int keyEnd = start;
        int valueStart = -1;
        int valueEnd = -1;
        while (r.next()) {
            switch (r.field()) {
                case 1 -> {
                    keyStart = r.bytesField();
                    keyEnd = r.pos;
                }
                case 2 -> {
                    valueStart = r.bytesField();
                    valueEnd = r.pos;
                }
                default -> r.skip();
            }
        }
        requireUtf8(buf, keyStart, keyEnd);
        boolean service = java.util.Arrays.equals(buf, keyStart, keyEnd, SERVICE_NAME, 0, SERVICE_NAME.length);
        if (redactor == null) {
            keys.putString(buf, keyStart, keyEnd - keyStart);
            putValue(buf, valueStart, valueEnd, values, depth);
            return service ? WRITTEN_SERVICE_NAME : WRITTEN;
        }
        boolean secretKey = redactor.redactsSecretKeys() && secretKeys.namesSecret(buf, keyStart, keyEnd);
        if (!secretKey && putIfClean(buf, valueStart, valueEnd, values)) {
            keys.putString(buf, keyStart, keyEnd - keyStart);
            return service ? WRITTEN_SERVICE_NAME : WRITTEN;
        }
        String text = text(buf, valueStart, valueEnd, depth);
        // The key's verdict is known (and cached) already: only a secret key needs the key-aware path.
        String kept = secretKey ? redactor.redactAttribute(new String(buf, keyStart, keyEnd - keyStart, StandardCharsets.UTF_8), text)
                : redactor.redact(text);
        if (kept == null) {
            return DROPPED;
        }
        keys.putString(buf, keyStart, keyEnd - keyStart);
        putText(values, text, kept);
        return service ? WRITTEN_SERVICE_NAME : WRITTEN;
    }

    /**
     * Where a KeyValue's key and value are: {keyStart, keyEnd, valueStart, valueEnd}, the value -1 when
     * absent. ({@link #putKeyValue}, the per-attribute hot path, reads them inline without the array.)
     */
    static int[] keyValue(byte[] buf, int start, int end) {
        int[] kv = {start, start, -1, -1};
        WireReader r = new WireReader(buf, start, end);
        while (r.next()) {
            switch (r.field()) {
                case 1 -> {
                    kv[0] = r.bytesField();
                    kv[1] = r.pos;
                }
                case 2 -> {
                    kv[2] = r.bytesField();
                    kv[3] = r.pos;
                }
                default -> r.skip();
            }
        }
        return kv;
    }

    /** Writes an AnyValue (or nothing, when {@code start < 0}) as one ClickHouse String; a value the policy drops is written empty. */
    void putValue(byte[] buf, int start, int end, ByteSink out, int depth) {
        if (redactor != null) {
            if (putIfClean(buf, start, end, out)) {
                return;
            }
            String text = text(buf, start, end, depth);
            String kept = redactor.redact(text);
            putText(out, text, kept == null ? "" : kept);
            return;
        }
        if (start >= 0) {
            int[] v = lastValue(buf, start, end);
            if (v[0] == STRING) {
                putUtf8String(out, buf, v[1], v[2]);
                return;
            }
        }
        scratch.reset();
        if (start >= 0) {
            render(buf, start, end, scratch, depth, false);
        }
        out.putString(scratch.array(), 0, scratch.size());
    }

    /**
     * Writes a string AnyValue straight from the request bytes when the redactor's prefilter shows it
     * cannot hold a secret (the common case costs one pass over the bytes and no decoding), and a
     * boolean or an integer too short to be a card number as it is. Returns false (nothing written)
     * for any other value.
     */
    private boolean putIfClean(byte[] buf, int start, int end, ByteSink out) {
        if (start < 0) {
            return false;
        }
        int[] v = lastValue(buf, start, end);
        switch (v[0]) {
            case STRING -> {
                int candidates = valueCandidates.get(buf, v[1], v[2]);
                if (candidates == ByteRangeMemo.MISSING) {
                    candidates = Redactor.candidates(buf, v[1], v[2]);
                    valueCandidates.put(buf, v[1], v[2], candidates);
                }
                if (!redactor.certainlyClean(candidates)) {
                    return false;
                }
                out.putString(buf, v[1], v[2] - v[1]); // certainlyClean checked the UTF-8 too
                return true;
            }
            case BOOL, INT -> {
                // A number holds digits only: the one secret made of digits alone is a card number,
                // which needs 13 of them. Shorter integers (status codes, ports, sizes) skip the detectors.
                if (v[0] == INT) {
                    long n = new WireReader(buf, v[1], v[2]).varint();
                    if (n >= 1_000_000_000_000L || n <= -1_000_000_000_000L) {
                        return false;
                    }
                }
                scratch.reset();
                render(buf, start, end, scratch, 0, false);
                out.putString(scratch.array(), 0, scratch.size());
                return true;
            }
            default -> {
                return false;
            }
        }
    }

    /**
     * The text an AnyValue is stored as, for the redactor and for processors. {@link #scratch} keeps
     * the UTF-8 of the last text, so an unchanged value is written without encoding it again.
     */
    String text(byte[] buf, int start, int end, int depth) {
        scratch.reset();
        if (start >= 0) {
            int[] v = lastValue(buf, start, end);
            if (v[0] == STRING) {
                requireUtf8(buf, v[1], v[2]);
                scratch.putBytes(buf, v[1], v[2] - v[1]);
            } else {
                render(buf, start, end, scratch, depth, false);
            }
        }
        return new String(scratch.array(), 0, scratch.size(), StandardCharsets.UTF_8);
    }

    /** Writes {@code kept}; when it is {@code text} itself (nothing redacted) from the bytes {@link #text} left in scratch. */
    private void putText(ByteSink out, String text, String kept) {
        if (kept == text) {
            out.putString(scratch.array(), 0, scratch.size());
        } else {
            byte[] b = kept.getBytes(StandardCharsets.UTF_8);
            out.putString(b, 0, b.length);
        }
    }

    /**
     * The oneof case of an AnyValue and where its value is: {field, start, end}, where a
     * number's encoding starts at start; field 0 when unset. Wire types are checked. The last one wins, as in protobuf.
     */
    private static int[] lastValue(byte[] buf, int start, int end) {
        WireReader r = new WireReader(buf, start, end);
        int field = 0;
        int vStart = 0;
        int vEnd = 0;
        while (r.next()) {
            int f = r.field();
            if (f >= STRING && f <= BYTES) {
                int expected = switch (f) {
                    case BOOL, INT -> WireReader.VARINT;
                    case DOUBLE -> WireReader.I64;
                    default -> WireReader.LEN;
                };
                if (r.wireType() != expected) {
                    throw WireReader.malformed("AnyValue field " + f + " has wire type " + r.wireType());
                }
                field = f;
                vStart = r.pos;
                if (r.wireType() == WireReader.LEN) {
                    vStart = r.lengthDelimited();
                } else {
                    r.skip();
                }
                vEnd = r.pos;
            } else {
                r.skip();
            }
        }
        return new int[] {field, vStart, vEnd};
    }

    /** Renders an AnyValue's text into {@code out}; {@code json} quotes strings (inside arrays and maps). */
    private void render(byte[] buf, int start, int end, ByteSink out, int depth, boolean json) {
        if (depth > maxDepth) {
            throw WireReader.malformed("attribute values exceed the nesting limit of " + maxDepth + " levels");
        }
        int[] v = lastValue(buf, start, end);
        WireReader r = new WireReader(buf, v[1], v[2]);
        switch (v[0]) {
            case STRING -> {
                requireUtf8(buf, v[1], v[2]);
                if (json) {
                    quote(buf, v[1], v[2], out);
                } else {
                    out.putBytes(buf, v[1], v[2] - v[1]);
                }
            }
            case BOOL -> {
                byte[] b = r.varint() != 0 ? TRUE : FALSE;
                out.putBytes(b, 0, b.length);
            }
            case INT -> {
                out.putDecimal(r.varint());
            }
            case DOUBLE -> {
                double d = Double.longBitsToDouble(new WireReader(buf, v[1], v[2]).fixed64());
                byte[] text = AttributeText.number(d).getBytes(StandardCharsets.US_ASCII);
                boolean quoted = json && (Double.isNaN(d) || Double.isInfinite(d));
                if (quoted) {
                    out.putByte('"');
                }
                out.putBytes(text, 0, text.length);
                if (quoted) {
                    out.putByte('"');
                }
            }
            case BYTES -> {
                byte[] b64 = Base64.getEncoder().encode(java.util.Arrays.copyOfRange(buf, v[1], v[2]));
                if (json) {
                    out.putByte('"');
                }
                out.putBytes(b64, 0, b64.length);
                if (json) {
                    out.putByte('"');
                }
            }
            case ARRAY -> {
                out.putByte('[');
                boolean first = true;
                while (r.next()) {
                    if (r.field() == 1) {
                        int s = r.bytesField();
                        if (!first) {
                            out.putByte(',');
                        }
                        first = false;
                        render(buf, s, r.pos, out, depth + 1, true);
                    } else {
                        r.skip();
                    }
                }
                out.putByte(']');
            }
            case KVLIST -> {
                out.putByte('{');
                boolean first = true;
                while (r.next()) {
                    if (r.field() == 1) {
                        int s = r.bytesField();
                        if (!first) {
                            out.putByte(',');
                        }
                        first = false;
                        renderJsonEntry(buf, s, r.pos, out, depth + 1);
                    } else {
                        r.skip();
                    }
                }
                out.putByte('}');
            }
            default -> {
                if (json) {
                    out.putBytes(NULL, 0, NULL.length);
                }
            }
        }
    }

    private void renderJsonEntry(byte[] buf, int start, int end, ByteSink out, int depth) {
        int[] kv = keyValue(buf, start, end);
        int keyStart = kv[0];
        int keyEnd = kv[1];
        int valueStart = kv[2];
        int valueEnd = kv[3];
        requireUtf8(buf, keyStart, keyEnd);
        quote(buf, keyStart, keyEnd, out);
        out.putByte(':');
        if (valueStart < 0) {
            out.putBytes(NULL, 0, NULL.length);
        } else {
            render(buf, valueStart, valueEnd, out, depth, true);
        }
    }

    /** A JSON string of UTF-8 bytes: quotes, backslashes and control characters escaped, the rest copied. */
    private static void quote(byte[] buf, int start, int end, ByteSink out) {
        out.putByte('"');
        for (int i = start; i < end; i++) {
            int c = buf[i] & 0xFF;
            switch (c) {
                case '"' -> {
                    out.putByte('\\');
                    out.putByte('"');
                }
                case '\\' -> {
                    out.putByte('\\');
                    out.putByte('\\');
                }
                case '\n' -> {
                    out.putByte('\\');
                    out.putByte('n');
                }
                case '\r' -> {
                    out.putByte('\\');
                    out.putByte('r');
                }
                case '\t' -> {
                    out.putByte('\\');
                    out.putByte('t');
                }
                default -> {
                    if (c < 0x20) {
                        out.putByte('\\');
                        out.putByte('u');
                        out.putByte('0');
                        out.putByte('0');
                        out.putByte(HEX[c >> 4]);
                        out.putByte(HEX[c & 0xF]);
                    } else {
                        out.putByte(c);
                    }
                }
            }
        }
        out.putByte('"');
    }
}
