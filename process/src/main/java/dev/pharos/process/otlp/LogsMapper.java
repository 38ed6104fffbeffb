package dev.pharos.process.otlp;

import dev.pharos.store.batch.LogsBatch;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;

/** OTLP log records to {@code otel_logs} rows, column for column as the OTel ClickHouse exporter writes them. */
public final class LogsMapper {

    private LogsMapper() {}

    /** Number of records in the request, whatever becomes of them. */
    public static int count(ExportLogsServiceRequest request) {
        int n = 0;
        for (ResourceLogs rl : request.getResourceLogsList()) {
            for (ScopeLogs sl : rl.getScopeLogsList()) {
                n += sl.getLogRecordsCount();
            }
        }
        return n;
    }

    public static void map(ExportLogsServiceRequest request, LogsBatch b, RecordRules rules, MapResult result) {
        for (ResourceLogs rl : request.getResourceLogsList()) {
            EncodedAttributes resource = EncodedAttributes.of(rl.getResource().getAttributesList());
            String resourceSchemaUrl = rl.getSchemaUrl();
            for (ScopeLogs sl : rl.getScopeLogsList()) {
                EncodedAttributes scope = EncodedAttributes.of(sl.getScope().getAttributesList());
                for (LogRecord r : sl.getLogRecordsList()) {
                    long ts = r.getTimeUnixNano() != 0 ? r.getTimeUnixNano()
                            : r.getObservedTimeUnixNano() != 0 ? r.getObservedTimeUnixNano() : rules.nowNanos();
                    Rejection why = check(r, ts, resource, scope, rules);
                    if (why != null) {
                        result.reject(why);
                        continue;
                    }
                    b.timestamp.add(ts);
                    b.traceId.add(AttributeText.hexId(r.getTraceId()));
                    b.spanId.add(AttributeText.hexId(r.getSpanId()));
                    b.traceFlags.add(r.getFlags() & 0xFF);
                    b.severityText.add(r.getSeverityText());
                    b.severityNumber.add(r.getSeverityNumberValue());
                    b.serviceName.add(resource.serviceName());
                    b.body.add(AttributeText.of(r.getBody()));
                    b.resourceSchemaUrl.add(resourceSchemaUrl);
                    resource.writeRow(b.resourceAttributes);
                    b.scopeSchemaUrl.add(sl.getSchemaUrl());
                    b.scopeName.add(sl.getScope().getName());
                    b.scopeVersion.add(sl.getScope().getVersion());
                    scope.writeRow(b.scopeAttributes);
                    EncodedAttributes.writeRow(r.getAttributesList(), b.logAttributes);
                    b.eventName.add(r.getEventName());
                    result.accept();
                }
            }
        }
    }

    private static Rejection check(LogRecord r, long ts, EncodedAttributes resource, EncodedAttributes scope, RecordRules rules) {
        int traceLen = r.getTraceId().size();
        int spanLen = r.getSpanId().size();
        if ((traceLen != 0 && traceLen != 16) || (spanLen != 0 && spanLen != 8)) {
            return Rejection.INVALID_ID;
        }
        if (r.getAttributesCount() > rules.maxAttributes() || resource.size() > rules.maxAttributes()
                || scope.size() > rules.maxAttributes()) {
            return Rejection.TOO_MANY_ATTRIBUTES;
        }
        if (rules.tooOld(ts)) {
            return Rejection.TOO_OLD;
        }
        return null;
    }
}
