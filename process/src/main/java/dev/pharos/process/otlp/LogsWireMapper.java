package dev.pharos.process.otlp;

import dev.pharos.process.dataset.AttributeLookup;
import dev.pharos.process.dataset.Dataset;
import dev.pharos.process.dataset.DatasetRouter;
import dev.pharos.process.dataset.Datasets;
import dev.pharos.process.logs.LogDraft;
import dev.pharos.process.logs.LogProcessor;
import dev.pharos.process.wire.WireReader;
import dev.pharos.store.batch.LogsBatch;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An OTLP {@code ExportLogsServiceRequest} in protobuf, mapped to {@code otel_logs} rows straight
 * from the request bytes (see {@link WireReader}), as the OTel ClickHouse exporter writes them.
 * One instance per decoding thread.
 *
 * <p>Each record is stamped with its dataset (the engine's materialized views route on it), goes
 * through that dataset's processors when it has any, and every value through its redactor.
 * Resource and scope attributes, written once per resource, use the default dataset's redactor.
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
    private final Datasets datasets;
    private final AttributeLookup resourceLookup = resource::valueOf;
    private int resourceRoute;
    // The record being mapped, for rules on record attributes.
    private byte[] recordBuf;
    private final AttributeLookup recordLookup = this::recordAttribute;

    public LogsWireMapper(int maxNesting, Datasets datasets) {
        this.values = new WireValues(maxNesting);
        this.datasets = datasets;
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
        values.redactWith(datasets.fallback().redactor());
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
        DatasetRouter router = datasets.router();
        resourceRoute = router.isEmpty() ? DatasetRouter.DEFAULT : router.byResource(resourceLookup);
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
        values.redactWith(datasets.fallback().redactor());
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
        int route = resourceRoute;
        if (route == DatasetRouter.PER_RECORD) {
            recordBuf = buf;
            route = datasets.router().byRecord(resourceLookup, recordLookup);
        }
        Dataset dataset = datasets.get(route);
        values.redactWith(dataset.redactor());
        LogDraft draft = dataset.processors().isEmpty() ? null : draft(buf, ts, severity, sevTextS, sevTextE, bodyS, bodyE, dataset);
        b.timestamp.add(draft == null ? ts : draft.timestampNanos());
        TracesWireMapper.putHexId(b.traceId, buf, traceS, traceE);
        TracesWireMapper.putHexId(b.spanId, buf, spanS, spanE);
        b.traceFlags.add(flags & 0xFF);
        if (draft == null) {
            TracesWireMapper.putString(b.severityText, buf, sevTextS, sevTextE);
            b.severityNumber.add(severity);
        } else {
            b.severityText.add(draft.severityText());
            b.severityNumber.add(draft.severityNumber());
        }
        resource.writeServiceName(b.serviceName);
        if (draft == null) {
            values.putValue(buf, bodyS, bodyE, b.body.sink(), ATTRIBUTE_DEPTH - 1);
            b.body.added();
        } else {
            String body = dataset.redactor().active() ? dataset.redactor().redact(draft.body()) : draft.body();
            b.body.add(body == null ? "" : body);
        }
        TracesWireMapper.putCheckedString(b.resourceSchemaUrl, buf, resourceSchemaS, resourceSchemaE);
        resource.writeRow(b.resourceAttributes);
        TracesWireMapper.putCheckedString(b.scopeSchemaUrl, buf, scopeSchemaS, scopeSchemaE);
        TracesWireMapper.putCheckedString(b.scopeName, buf, scopeNameS, scopeNameE);
        TracesWireMapper.putCheckedString(b.scopeVersion, buf, scopeVersionS, scopeVersionE);
        scope.writeRow(b.scopeAttributes);
        if (draft == null) {
            for (int i = 0; i < attributes.size(); i++) {
                values.putKeyValue(buf, attributes.start(i), attributes.end(i), b.logAttributes, ATTRIBUTE_DEPTH);
            }
        } else {
            for (Map.Entry<String, String> e : draft.attributes().entrySet()) {
                String v = dataset.redactor().active() ? dataset.redactor().redactAttribute(e.getKey(), e.getValue()) : e.getValue();
                if (v != null) {
                    b.logAttributes.put(e.getKey(), v);
                }
            }
        }
        b.logAttributes.endRow();
        TracesWireMapper.putString(b.eventName, buf, eventS, eventE);
        tenant.write(b.tenant);
        byte[] name = datasets.utf8Name(route);
        b.dataset.add(name, 0, name.length);
        result.accept();
    }

    /**
     * The record as text for the dataset's processors, which then run. Values are not redacted yet:
     * processors may move a secret from the body into an attribute, and redaction comes after them.
     */
    private LogDraft draft(byte[] buf, long ts, long severity, int sevTextS, int sevTextE, int bodyS, int bodyE, Dataset dataset) {
        WireValues.requireUtf8(buf, sevTextS, sevTextE);
        String severityText = new String(buf, sevTextS, sevTextE - sevTextS, StandardCharsets.UTF_8);
        String body = values.text(buf, bodyS, bodyE, ATTRIBUTE_DEPTH - 1);
        Map<String, String> attrs = new LinkedHashMap<>();
        for (int i = 0; i < attributes.size(); i++) {
            int[] kv = WireValues.keyValue(buf, attributes.start(i), attributes.end(i));
            WireValues.requireUtf8(buf, kv[0], kv[1]);
            attrs.put(new String(buf, kv[0], kv[1] - kv[0], StandardCharsets.UTF_8), values.text(buf, kv[2], kv[3], ATTRIBUTE_DEPTH));
        }
        LogDraft draft = new LogDraft(ts, (int) Math.min(24, Math.max(0, severity)), severityText, body, attrs,
                key -> resource.valueOf(key.getBytes(StandardCharsets.UTF_8)));
        for (LogProcessor p : dataset.processors()) {
            p.process(draft);
        }
        return draft;
    }

    /** A record attribute's text for the dataset rules; null when the record does not have it. */
    private String recordAttribute(byte[] key) {
        for (int i = 0; i < attributes.size(); i++) {
            int[] kv = WireValues.keyValue(recordBuf, attributes.start(i), attributes.end(i));
            if (java.util.Arrays.equals(recordBuf, kv[0], kv[1], key, 0, key.length)) {
                return values.text(recordBuf, kv[2], kv[3], ATTRIBUTE_DEPTH);
            }
        }
        return null;
    }
}
