package dev.pharos.query.logs;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pharos.query.Rows;
import java.time.Instant;
import java.util.Map;

/** One log record as the API returns it. */
public record LogRecord(String timestamp, String timeUnixNano, String severity, String severityText, int severityNumber,
                        String service, String body, String traceId, String spanId, Map<String, String> resource,
                        Map<String, String> attributes, Scope scope) {

    public record Scope(String name, String version, Map<String, String> attributes) {}

    /** The columns {@link #of} reads, in the engine's names. */
    static final String COLUMNS = "toUnixTimestamp64Nano(Timestamp) AS ts, " + dev.pharos.query.FieldMap.LOG_LEVEL + " AS level, "
            + "SeverityText, SeverityNumber, ServiceName, Body, TraceId, SpanId, ResourceAttributes, LogAttributes, ScopeName, "
            + "ScopeVersion, ScopeAttributes";

    static LogRecord of(JsonNode r) {
        long ts = Rows.longValue(r.get("ts"));
        return new LogRecord(Instant.ofEpochSecond(0, ts).toString(), Long.toString(ts), r.get("level").asText(),
                r.get("SeverityText").asText(), r.get("SeverityNumber").asInt(), r.get("ServiceName").asText(), r.get("Body").asText(),
                r.get("TraceId").asText(), r.get("SpanId").asText(), Rows.map(r.get("ResourceAttributes")), Rows.map(r.get("LogAttributes")),
                new Scope(r.get("ScopeName").asText(), r.get("ScopeVersion").asText(), Rows.map(r.get("ScopeAttributes"))));
    }
}
