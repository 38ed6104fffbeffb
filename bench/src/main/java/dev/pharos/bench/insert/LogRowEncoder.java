package dev.pharos.bench.insert;

import dev.pharos.store.batch.LogsBatch;
import dev.pharos.store.nativeformat.ByteSink;

/** Writes synthetic rows in each format under test, with identical values. */
final class LogRowEncoder {

    private LogRowEncoder() {}

    static void fill(LogsBatch b, SyntheticLogs.Rows r, int from, int to) {
        for (int i = from; i < to; i++) {
            b.timestamp.add(r.timestamp[i]);
            b.traceId.add(r.traceId[i]);
            b.spanId.add(r.spanId[i]);
            b.traceFlags.add(r.traceId[i].isEmpty() ? 0 : 1);
            b.severityText.add(SyntheticLogs.SEVERITIES[r.severity[i]]);
            b.severityNumber.add(SyntheticLogs.SEVERITY_NUMBERS[r.severity[i]]);
            b.serviceName.add(r.service[i]);
            b.body.add(r.body[i]);
            b.resourceSchemaUrl.add("");
            b.resourceAttributes.put("service.name", r.service[i]);
            b.resourceAttributes.put("k8s.namespace.name", r.namespace[i]);
            b.resourceAttributes.put("k8s.pod.name", r.pod[i]);
            b.resourceAttributes.put("k8s.container.name", r.service[i]);
            b.resourceAttributes.endRow();
            b.scopeSchemaUrl.add("");
            b.scopeName.add("io.opentelemetry.logback");
            b.scopeVersion.add("1.0.0");
            b.scopeAttributes.endRow();
            b.logAttributes.put("log.iostream", "stdout");
            b.logAttributes.put("thread.name", "worker-" + (i % 16));
            b.logAttributes.endRow();
            b.eventName.add("");
            b.tenant.add("default");
        }
    }

    /** Column list matching {@link #writeRowBinary}. */
    static final String ROW_BINARY_COLUMNS = "(Timestamp, TraceId, SpanId, TraceFlags, SeverityText, SeverityNumber, ServiceName, Body, "
            + "ResourceSchemaUrl, ResourceAttributes, ScopeSchemaUrl, ScopeName, ScopeVersion, ScopeAttributes, LogAttributes)";

    static void writeRowBinary(ByteSink out, SyntheticLogs.Rows r, int from, int to) {
        for (int i = from; i < to; i++) {
            out.putLong(r.timestamp[i]);
            out.putString(r.traceId[i]);
            out.putString(r.spanId[i]);
            out.putByte(r.traceId[i].isEmpty() ? 0 : 1);
            out.putString(SyntheticLogs.SEVERITIES[r.severity[i]]);
            out.putByte(SyntheticLogs.SEVERITY_NUMBERS[r.severity[i]]);
            out.putString(r.service[i]);
            out.putString(r.body[i]);
            out.putString("");
            out.putVarUInt(4);
            out.putString("service.name");
            out.putString(r.service[i]);
            out.putString("k8s.namespace.name");
            out.putString(r.namespace[i]);
            out.putString("k8s.pod.name");
            out.putString(r.pod[i]);
            out.putString("k8s.container.name");
            out.putString(r.service[i]);
            out.putString("");
            out.putString("io.opentelemetry.logback");
            out.putString("1.0.0");
            out.putVarUInt(0);
            out.putVarUInt(2);
            out.putString("log.iostream");
            out.putString("stdout");
            out.putString("thread.name");
            out.putString("worker-" + (i % 16));
        }
    }
}
