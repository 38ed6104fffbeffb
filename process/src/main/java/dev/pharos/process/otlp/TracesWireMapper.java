package dev.pharos.process.otlp;

import dev.pharos.process.wire.MalformedPayloadException;
import dev.pharos.process.wire.WireReader;
import dev.pharos.store.batch.TracesBatch;
import dev.pharos.store.nativeformat.ByteSink;
import dev.pharos.store.nativeformat.StringColumn;
import dev.pharos.store.nativeformat.StringMapColumn;
import java.nio.charset.StandardCharsets;

/**
 * An OTLP {@code ExportTraceServiceRequest} in protobuf, mapped to {@code otel_traces} rows
 * straight from the request bytes (see {@link WireReader} for why). Column for column it writes
 * what the OTel ClickHouse exporter writes. One instance per decoding thread: it reuses its scratch.
 *
 * <p>Field numbers are those of opentelemetry/proto/trace/v1/trace.proto.
 */
public final class TracesWireMapper {

    private static final byte[][] KINDS = ascii("Unspecified", "Internal", "Server", "Client", "Producer", "Consumer");
    private static final byte[][] STATUS = ascii("Unset", "Ok", "Error");

    /** Protobuf nesting above a span's attribute values (request, resource, scope, span, key-value). */
    private static final int ATTRIBUTE_DEPTH = 5;

    private final WireValues values;
    private final int depth = ATTRIBUTE_DEPTH;
    private final WireAttributes resource = new WireAttributes();
    private final IntPairs attributes = new IntPairs();
    private final IntPairs events = new IntPairs();
    private final IntPairs links = new IntPairs();
    private final ResourceTenant tenant = new ResourceTenant();

    /** @param redactor applied to every attribute value (resource, span, event, link); null for none */
    public TracesWireMapper(int maxNesting, dev.pharos.process.redact.Redactor redactor) {
        this.values = new WireValues(maxNesting);
        values.redactWith(redactor);
    }

    /** Maps every span of the request into {@code b}; throws {@link MalformedPayloadException} (the caller undoes the request). */
    public void map(byte[] buf, int len, TracesBatch b, RecordRules rules, MapResult result) {
        WireReader req = new WireReader(buf, 0, len);
        while (req.next()) {
            if (req.field() == 1) {
                int s = req.bytesField();
                resourceSpans(buf, s, req.pos, b, rules, result);
            } else {
                req.skip();
            }
        }
    }

    private void resourceSpans(byte[] buf, int start, int end, TracesBatch b, RecordRules rules, MapResult result) {
        // The resource may come after the spans on the wire; read it first.
        resource.clear();
        WireReader r = new WireReader(buf, start, end);
        while (r.next()) {
            if (r.field() == 1) {
                int s = r.bytesField();
                resource.addAll(buf, s, r.pos, 1, values, depth);
            } else {
                r.skip();
            }
        }
        tenant.resolve(resource, rules.tenants());
        r = new WireReader(buf, start, end);
        while (r.next()) {
            if (r.field() == 2) {
                int s = r.bytesField();
                scopeSpans(buf, s, r.pos, b, rules, result);
            } else {
                r.skip();
            }
        }
    }

    private void scopeSpans(byte[] buf, int start, int end, TracesBatch b, RecordRules rules, MapResult result) {
        int nameStart = 0;
        int nameEnd = 0;
        int versionStart = 0;
        int versionEnd = 0;
        WireReader r = new WireReader(buf, start, end);
        while (r.next()) {
            if (r.field() == 1) {
                WireReader scope = new WireReader(buf, r.bytesField(), r.pos);
                while (scope.next()) {
                    switch (scope.field()) {
                        case 1 -> {
                            nameStart = scope.bytesField();
                            nameEnd = scope.pos;
                        }
                        case 2 -> {
                            versionStart = scope.bytesField();
                            versionEnd = scope.pos;
                        }
                        default -> scope.skip();
                    }
                }
            } else {
                r.skip();
            }
        }
        WireValues.requireUtf8(buf, nameStart, nameEnd);
        WireValues.requireUtf8(buf, versionStart, versionEnd);
        r = new WireReader(buf, start, end);
        while (r.next()) {
            if (r.field() == 2) {
                int s = r.bytesField();
                span(buf, s, r.pos, b, rules, result, nameStart, nameEnd, versionStart, versionEnd);
            } else {
                r.skip();
            }
        }
    }

    private void span(byte[] buf, int start, int end, TracesBatch b, RecordRules rules, MapResult result,
                      int scopeNameStart, int scopeNameEnd, int scopeVersionStart, int scopeVersionEnd) {
        int traceS = 0, traceE = 0, spanS = 0, spanE = 0, stateS = 0, stateE = 0, parentS = 0, parentE = 0, nameS = 0, nameE = 0;
        int statusS = -1, statusE = -1;
        long kind = 0, startTime = 0, endTime = 0;
        attributes.clear();
        events.clear();
        links.clear();
        WireReader r = new WireReader(buf, start, end);
        while (r.next()) {
            switch (r.field()) {
                case 1 -> { traceS = r.bytesField(); traceE = r.pos; }
                case 2 -> { spanS = r.bytesField(); spanE = r.pos; }
                case 3 -> { stateS = r.bytesField(); stateE = r.pos; }
                case 4 -> { parentS = r.bytesField(); parentE = r.pos; }
                case 5 -> { nameS = r.bytesField(); nameE = r.pos; }
                case 6 -> kind = r.number();
                case 7 -> startTime = r.number();
                case 8 -> endTime = r.number();
                case 9 -> { int s = r.bytesField(); attributes.add(s, r.pos); }
                case 11 -> { int s = r.bytesField(); events.add(s, r.pos); }
                case 13 -> { int s = r.bytesField(); links.add(s, r.pos); }
                case 15 -> { statusS = r.bytesField(); statusE = r.pos; }
                default -> r.skip();
            }
        }
        Rejection why = check(buf, traceE - traceS, spanE - spanS, parentE - parentS, startTime, rules);
        if (why != null) {
            result.reject(why);
            return;
        }
        b.timestamp.add(startTime);
        putHexId(b.traceId, buf, traceS, traceE);
        putHexId(b.spanId, buf, spanS, spanE);
        putHexId(b.parentSpanId, buf, parentS, parentE);
        putString(b.traceState, buf, stateS, stateE);
        putString(b.spanName, buf, nameS, nameE);
        putAscii(b.spanKind, KINDS[kind >= 0 && kind < KINDS.length ? (int) kind : 0]);
        resource.writeServiceName(b.serviceName);
        resource.writeRow(b.resourceAttributes);
        putCheckedString(b.scopeName, buf, scopeNameStart, scopeNameEnd);
        putCheckedString(b.scopeVersion, buf, scopeVersionStart, scopeVersionEnd);
        writeAttributes(buf, attributes, b.spanAttributes);
        // An end before the start is a clock bug in the sender; a zero duration keeps the span readable.
        b.duration.add(Math.max(0, endTime - startTime));
        status(buf, statusS, statusE, b);
        for (int i = 0; i < events.size(); i++) {
            event(buf, events.start(i), events.end(i), b);
        }
        b.eventsTimestamp.endRow();
        b.eventsName.endRow();
        b.eventsAttributes.endRow();
        for (int i = 0; i < links.size(); i++) {
            link(buf, links.start(i), links.end(i), b);
        }
        b.linksTraceId.endRow();
        b.linksSpanId.endRow();
        b.linksTraceState.endRow();
        b.linksAttributes.endRow();
        tenant.write(b.tenant);
        result.accept();
    }

    private Rejection check(byte[] buf, int traceLen, int spanLen, int parentLen, long startTime, RecordRules rules) {
        if (traceLen != 16 || spanLen != 8 || (parentLen != 0 && parentLen != 8)) {
            return Rejection.INVALID_ID;
        }
        int max = rules.maxAttributes();
        if (attributes.size() > max || resource.count() > max) {
            return Rejection.TOO_MANY_ATTRIBUTES;
        }
        for (int i = 0; i < events.size(); i++) {
            if (WireValues.countField(buf, events.start(i), events.end(i), 3) > max) {
                return Rejection.TOO_MANY_ATTRIBUTES;
            }
        }
        for (int i = 0; i < links.size(); i++) {
            WireReader r = new WireReader(buf, links.start(i), links.end(i));
            int t = 0;
            int s = 0;
            int attrs = 0;
            while (r.next()) {
                switch (r.field()) {
                    case 1 -> {
                        int from = r.bytesField();
                        t = r.pos - from;
                    }
                    case 2 -> {
                        int from = r.bytesField();
                        s = r.pos - from;
                    }
                    case 4 -> {
                        attrs++;
                        r.skip();
                    }
                    default -> r.skip();
                }
            }
            if (t != 16 || s != 8) {
                return Rejection.INVALID_ID;
            }
            if (attrs > max) {
                return Rejection.TOO_MANY_ATTRIBUTES;
            }
        }
        if (rules.tooOld(startTime)) {
            return Rejection.TOO_OLD;
        }
        if (!tenant.allowed()) {
            return Rejection.TENANT_NOT_ALLOWED;
        }
        return null;
    }

    private void writeAttributes(byte[] buf, IntPairs kvs, StringMapColumn column) {
        for (int i = 0; i < kvs.size(); i++) {
            values.putKeyValue(buf, kvs.start(i), kvs.end(i), column, depth);
        }
        column.endRow();
    }

    private void status(byte[] buf, int start, int end, TracesBatch b) {
        long code = 0;
        int msgS = 0;
        int msgE = 0;
        if (start >= 0) {
            WireReader r = new WireReader(buf, start, end);
            while (r.next()) {
                switch (r.field()) {
                    case 2 -> { msgS = r.bytesField(); msgE = r.pos; }
                    case 3 -> code = r.number();
                    default -> r.skip();
                }
            }
        }
        putAscii(b.statusCode, STATUS[code >= 0 && code < STATUS.length ? (int) code : 0]);
        putString(b.statusMessage, buf, msgS, msgE);
    }

    private void event(byte[] buf, int start, int end, TracesBatch b) {
        long time = 0;
        int nameS = 0;
        int nameE = 0;
        StringMapColumn attrs = b.eventsAttributes.elements();
        WireReader r = new WireReader(buf, start, end);
        while (r.next()) {
            switch (r.field()) {
                case 1 -> time = r.number();
                case 2 -> { nameS = r.bytesField(); nameE = r.pos; }
                case 3 -> {
                    int s = r.bytesField();
                    values.putKeyValue(buf, s, r.pos, attrs, depth);
                }
                default -> r.skip();
            }
        }
        attrs.endRow();
        b.eventsTimestamp.elements().add(time);
        putString(b.eventsName.elements(), buf, nameS, nameE);
    }

    private void link(byte[] buf, int start, int end, TracesBatch b) {
        int traceS = 0, traceE = 0, spanS = 0, spanE = 0, stateS = 0, stateE = 0;
        StringMapColumn attrs = b.linksAttributes.elements();
        WireReader r = new WireReader(buf, start, end);
        while (r.next()) {
            switch (r.field()) {
                case 1 -> { traceS = r.bytesField(); traceE = r.pos; }
                case 2 -> { spanS = r.bytesField(); spanE = r.pos; }
                case 3 -> { stateS = r.bytesField(); stateE = r.pos; }
                case 4 -> {
                    int s = r.bytesField();
                    values.putKeyValue(buf, s, r.pos, attrs, depth);
                }
                default -> r.skip();
            }
        }
        attrs.endRow();
        putHexId(b.linksTraceId.elements(), buf, traceS, traceE);
        putHexId(b.linksSpanId.elements(), buf, spanS, spanE);
        putString(b.linksTraceState.elements(), buf, stateS, stateE);
    }

    static void putString(StringColumn column, byte[] buf, int start, int end) {
        WireValues.putUtf8String(column.sink(), buf, start, end);
        column.added();
    }

    /** A string checked as UTF-8 already, once for its scope or resource, written for each of its records. */
    static void putCheckedString(StringColumn column, byte[] buf, int start, int end) {
        column.sink().putString(buf, start, end - start);
        column.added();
    }

    private static void putAscii(StringColumn column, byte[] text) {
        ByteSink sink = column.sink();
        sink.putString(text, 0, text.length);
        column.added();
    }

    /** Lower-case hex of an id, or an empty string when it is absent or all zeros (as the exporter stores it). */
    static void putHexId(StringColumn column, byte[] buf, int start, int end) {
        ByteSink sink = column.sink();
        boolean zero = true;
        for (int i = start; i < end && zero; i++) {
            zero = buf[i] == 0;
        }
        if (zero) {
            sink.putVarUInt(0);
        } else {
            sink.putHexString(buf, start, end - start);
        }
        column.added();
    }

    private static byte[][] ascii(String... names) {
        byte[][] out = new byte[names.length][];
        for (int i = 0; i < names.length; i++) {
            out[i] = names[i].getBytes(StandardCharsets.US_ASCII);
        }
        return out;
    }
}
