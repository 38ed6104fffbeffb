package dev.pharos.agent.forward;

import dev.pharos.agent.collect.LogStream;
import dev.pharos.agent.collect.PodLogPath;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.resource.v1.Resource;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes {@code ExportLogsServiceRequest} protobuf straight from the bytes read, without building
 * the generated message objects: at 10,000 lines a second those would be most of the agent's
 * allocation. The field numbers are the generated classes' constants, and the tests decode the
 * output with those classes.
 *
 * <p>One {@code ResourceLogs} per file in a batch, its resource holding the Kubernetes attributes
 * from the path; each record holds the log's own time, the time it was read, the text, and the
 * {@code log.iostream} and {@code log.file.path} attributes.
 */
public final class OtlpLogsEncoder {

    private static final int REQUEST_RESOURCE_LOGS = ExportLogsServiceRequest.RESOURCE_LOGS_FIELD_NUMBER;
    private static final int RESOURCE_LOGS_RESOURCE = ResourceLogs.RESOURCE_FIELD_NUMBER;
    private static final int RESOURCE_LOGS_SCOPE_LOGS = ResourceLogs.SCOPE_LOGS_FIELD_NUMBER;
    private static final int SCOPE_LOGS_LOG_RECORDS = ScopeLogs.LOG_RECORDS_FIELD_NUMBER;
    private static final int RESOURCE_ATTRIBUTES = Resource.ATTRIBUTES_FIELD_NUMBER;
    private static final int RECORD_TIME = LogRecord.TIME_UNIX_NANO_FIELD_NUMBER;
    private static final int RECORD_OBSERVED_TIME = LogRecord.OBSERVED_TIME_UNIX_NANO_FIELD_NUMBER;
    private static final int RECORD_BODY = LogRecord.BODY_FIELD_NUMBER;
    private static final int RECORD_ATTRIBUTES = LogRecord.ATTRIBUTES_FIELD_NUMBER;
    private static final int KEY = KeyValue.KEY_FIELD_NUMBER;
    private static final int VALUE = KeyValue.VALUE_FIELD_NUMBER;
    private static final int STRING_VALUE = AnyValue.STRING_VALUE_FIELD_NUMBER;
    private static final int INT_VALUE = AnyValue.INT_VALUE_FIELD_NUMBER;

    private final Map<String, String> extraResource;

    /** @param extraResource attributes added to every resource (they win over those from the path) */
    public OtlpLogsEncoder(Map<String, String> extraResource) {
        this.extraResource = extraResource;
    }

    /** The encoded {@code Resource} of a file: Kubernetes attributes from its path plus the configured ones. */
    public byte[] resource(PodLogPath pod) {
        Map<String, Object> attrs = new LinkedHashMap<>();
        if (pod != null) {
            // service.name orders the logs table; from the path alone the container name is the best name there is.
            attrs.put("service.name", pod.containerName());
            attrs.put("k8s.namespace.name", pod.namespace());
            attrs.put("k8s.pod.name", pod.podName());
            attrs.put("k8s.pod.uid", pod.podUid());
            attrs.put("k8s.container.name", pod.containerName());
            if (pod.restartCount() >= 0) {
                attrs.put("k8s.container.restart_count", (long) pod.restartCount());
            }
        }
        attrs.putAll(extraResource);
        ProtoBuffer b = new ProtoBuffer(256);
        for (var e : attrs.entrySet()) {
            keyValue(b, RESOURCE_ATTRIBUTES, e.getKey(), e.getValue());
        }
        return b.toByteArray();
    }

    /** The record attributes of a file's lines of one stream, encoded once per file and batch. */
    public byte[] recordAttributes(LogStream stream, String filePath) {
        ProtoBuffer b = new ProtoBuffer(128);
        keyValue(b, RECORD_ATTRIBUTES, "log.iostream", stream.attributeValue());
        keyValue(b, RECORD_ATTRIBUTES, "log.file.path", filePath);
        return b.toByteArray();
    }

    private static void keyValue(ProtoBuffer b, int field, String key, Object value) {
        byte[] k = key.getBytes(StandardCharsets.UTF_8);
        int anyLength;
        byte[] s = null;
        long v = 0;
        if (value instanceof Long l) {
            v = l;
            anyLength = ProtoBuffer.tagSize(INT_VALUE) + ProtoBuffer.varintSize(v);
        } else {
            s = value.toString().getBytes(StandardCharsets.UTF_8);
            anyLength = ProtoBuffer.fieldSize(STRING_VALUE, s.length);
        }
        int kvLength = ProtoBuffer.fieldSize(KEY, k.length) + ProtoBuffer.fieldSize(VALUE, anyLength);
        b.tag(field, ProtoBuffer.LEN);
        b.varint(kvLength);
        b.field(KEY, k, 0, k.length);
        b.tag(VALUE, ProtoBuffer.LEN);
        b.varint(anyLength);
        if (s != null) {
            b.field(STRING_VALUE, s, 0, s.length);
        } else {
            b.tag(INT_VALUE, ProtoBuffer.VARINT);
            b.varint(v);
        }
    }

    /** Appends one {@code ScopeLogs.log_records} entry to {@code out}. */
    void record(ProtoBuffer out, long timeUnixNanos, long observedUnixNanos, byte[] body, int offset, int length, byte[] attributes) {
        int anyLength = ProtoBuffer.fieldSize(STRING_VALUE, length);
        int recordLength = ProtoBuffer.tagSize(RECORD_TIME) + 8 + ProtoBuffer.tagSize(RECORD_OBSERVED_TIME) + 8
                + ProtoBuffer.fieldSize(RECORD_BODY, anyLength) + attributes.length;
        out.tag(SCOPE_LOGS_LOG_RECORDS, ProtoBuffer.LEN);
        out.varint(recordLength);
        out.tag(RECORD_TIME, ProtoBuffer.FIXED64);
        out.fixed64(timeUnixNanos);
        out.tag(RECORD_OBSERVED_TIME, ProtoBuffer.FIXED64);
        out.fixed64(observedUnixNanos);
        out.tag(RECORD_BODY, ProtoBuffer.LEN);
        out.varint(anyLength);
        out.field(STRING_VALUE, body, offset, length);
        out.bytes(attributes);
    }

    /** One file's part of a request: its resource and its encoded records. */
    interface Part {
        byte[] resource();

        ProtoBuffer records();
    }

    /** The whole request for the given parts, written into {@code out} (reset first). */
    static void request(Collection<? extends Part> parts, ProtoBuffer out) {
        out.reset();
        for (Part p : parts) {
            byte[] res = p.resource();
            ProtoBuffer records = p.records();
            out.tag(REQUEST_RESOURCE_LOGS, ProtoBuffer.LEN);
            out.varint(resourceLogsLength(p));
            out.field(RESOURCE_LOGS_RESOURCE, res, 0, res.length);
            out.field(RESOURCE_LOGS_SCOPE_LOGS, records.array(), 0, records.size());
        }
    }

    /** The whole request for the given parts, as a new array. */
    static byte[] request(Collection<? extends Part> parts) {
        ProtoBuffer out = new ProtoBuffer(1024);
        request(parts, out);
        return out.toByteArray();
    }

    private static int resourceLogsLength(Part p) {
        return ProtoBuffer.fieldSize(RESOURCE_LOGS_RESOURCE, p.resource().length)
                + ProtoBuffer.fieldSize(RESOURCE_LOGS_SCOPE_LOGS, p.records().size());
    }
}
