package dev.pharos.process.otlp;

import dev.pharos.process.wire.WireReader;
import dev.pharos.store.batch.LogsBatch;

/**
 * An OTLP {@code ExportLogsServiceRequest} in protobuf, mapped to {@code otel_logs} rows straight
 * from the request bytes (see {@link WireReader}), as the OTel ClickHouse exporter writes them.
 * One instance per decoding thread.
 *
 * <p>Field numbers are those of opentelemetry/proto/logs/v1/logs.proto.
 */
public final class LogsWireMapper {

    /** Protobuf nesting above a record's attribute values (request, resource, scope, record, key-value). */
    private static final int ATTRIBUTE_DEPTH = 5;

    private final WireValues values;
    private final WireAttributes resource = new WireAttributes();
    private final WireAttributes scope = new WireAttributes();
    private final IntPairs attributes = new IntPairs();
    private final ResourceTenant tenant = new ResourceTenant();

    public LogsWireMapper(int maxNesting) {
        this.values = new WireValues(maxNesting);
    }

    public void map(byte[] buf, int len, LogsBatch b, RecordRules rules, MapResult result) {
        WireReader req = new WireReader(buf, 0, len);
        while (req.next()) {
            if (req.field() == 1) {
                int s = req.bytesField();
                resourceLogs(buf, s, req.pos, b, rules, result);
            } else {
                req.skip();
            }
        }
    }

    private void resourceLogs(byte[] buf, int start, int end, LogsBatch b, RecordRules rules, MapResult result) {
        resource.clear();
        int schemaS = 0;
        int schemaE = 0;
        WireReader r = new WireReader(buf, start, end);
        while (r.next()) {
            switch (r.field()) {
                case 1 -> {
                    int s = r.bytesField();
                    resource.addAll(buf, s, r.pos, 1, values, ATTRIBUTE_DEPTH);
                }
                case 3 -> {
                    schemaS = r.bytesField();
                    schemaE = r.pos;
                }
                default -> r.skip();
            }
        }
        WireValues.requireUtf8(buf, schemaS, schemaE);
        tenant.resolve(resource, rules.tenants());
        r = new WireReader(buf, start, end);
        while (r.next()) {
            if (r.field() == 2) {
                int s = r.bytesField();
                scopeLogs(buf, s, r.pos, b, rules, result, schemaS, schemaE);
            } else {
                r.skip();
            }
        }
    }

    private void scopeLogs(byte[] buf, int start, int end, LogsBatch b, RecordRules rules, MapResult result,
                           int resourceSchemaS, int resourceSchemaE) {
        scope.clear();
        int nameS = 0, nameE = 0, versionS = 0, versionE = 0, schemaS = 0, schemaE = 0;
        WireReader r = new WireReader(buf, start, end);
        while (r.next()) {
            switch (r.field()) {
                case 1 -> {
                    WireReader sc = new WireReader(buf, r.bytesField(), r.pos);
                    while (sc.next()) {
                        switch (sc.field()) {
                            case 1 -> { nameS = sc.bytesField(); nameE = sc.pos; }
                            case 2 -> { versionS = sc.bytesField(); versionE = sc.pos; }
                            case 3 -> {
                                int s = sc.bytesField();
                                scope.add(buf, s, sc.pos, values, ATTRIBUTE_DEPTH);
                            }
                            default -> sc.skip();
                        }
                    }
                }
                case 3 -> { schemaS = r.bytesField(); schemaE = r.pos; }
                default -> r.skip();
            }
        }
        WireValues.requireUtf8(buf, nameS, nameE);
        WireValues.requireUtf8(buf, versionS, versionE);
        WireValues.requireUtf8(buf, schemaS, schemaE);
        r = new WireReader(buf, start, end);
        while (r.next()) {
            if (r.field() == 2) {
                int s = r.bytesField();
                record(buf, s, r.pos, b, rules, result, resourceSchemaS, resourceSchemaE, nameS, nameE, versionS, versionE, schemaS, schemaE);
            } else {
                r.skip();
            }
        }
    }

    private void record(byte[] buf, int start, int end, LogsBatch b, RecordRules rules, MapResult result,
                        int resourceSchemaS, int resourceSchemaE, int scopeNameS, int scopeNameE,
                        int scopeVersionS, int scopeVersionE, int scopeSchemaS, int scopeSchemaE) {
        long time = 0, observed = 0, severity = 0, flags = 0;
        int sevTextS = 0, sevTextE = 0, bodyS = -1, bodyE = -1, traceS = 0, traceE = 0, spanS = 0, spanE = 0, eventS = 0, eventE = 0;
        attributes.clear();
        WireReader r = new WireReader(buf, start, end);
        while (r.next()) {
            switch (r.field()) {
                case 1 -> time = r.number();
                case 11 -> observed = r.number();
                case 2 -> severity = r.number();
                case 3 -> { sevTextS = r.bytesField(); sevTextE = r.pos; }
                case 5 -> { bodyS = r.bytesField(); bodyE = r.pos; }
                case 6 -> { int s = r.bytesField(); attributes.add(s, r.pos); }
                case 8 -> flags = r.number();
                case 9 -> { traceS = r.bytesField(); traceE = r.pos; }
                case 10 -> { spanS = r.bytesField(); spanE = r.pos; }
                case 12 -> { eventS = r.bytesField(); eventE = r.pos; }
                default -> r.skip();
            }
        }
        long ts = time != 0 ? time : observed != 0 ? observed : rules.nowNanos();
        Rejection why = null;
        int traceLen = traceE - traceS;
        int spanLen = spanE - spanS;
        int max = rules.maxAttributes();
        if ((traceLen != 0 && traceLen != 16) || (spanLen != 0 && spanLen != 8)) {
            why = Rejection.INVALID_ID;
        } else if (attributes.size() > max || resource.count() > max || scope.count() > max) {
            why = Rejection.TOO_MANY_ATTRIBUTES;
        } else if (rules.tooOld(ts)) {
            why = Rejection.TOO_OLD;
        } else if (!tenant.allowed()) {
            why = Rejection.TENANT_NOT_ALLOWED;
        }
        if (why != null) {
            result.reject(why);
            return;
        }
        b.timestamp.add(ts);
        TracesWireMapper.putHexId(b.traceId, buf, traceS, traceE);
        TracesWireMapper.putHexId(b.spanId, buf, spanS, spanE);
        b.traceFlags.add(flags & 0xFF);
        TracesWireMapper.putString(b.severityText, buf, sevTextS, sevTextE);
        b.severityNumber.add(severity);
        resource.writeServiceName(b.serviceName);
        values.putValue(buf, bodyS, bodyE, b.body.sink(), ATTRIBUTE_DEPTH - 1);
        b.body.added();
        TracesWireMapper.putString(b.resourceSchemaUrl, buf, resourceSchemaS, resourceSchemaE);
        resource.writeRow(b.resourceAttributes);
        TracesWireMapper.putString(b.scopeSchemaUrl, buf, scopeSchemaS, scopeSchemaE);
        TracesWireMapper.putString(b.scopeName, buf, scopeNameS, scopeNameE);
        TracesWireMapper.putString(b.scopeVersion, buf, scopeVersionS, scopeVersionE);
        scope.writeRow(b.scopeAttributes);
        for (int i = 0; i < attributes.size(); i++) {
            values.putKeyValue(buf, attributes.start(i), attributes.end(i), b.logAttributes, ATTRIBUTE_DEPTH);
        }
        b.logAttributes.endRow();
        TracesWireMapper.putString(b.eventName, buf, eventS, eventE);
        tenant.write(b.tenant);
        result.accept();
    }
}
