package dev.pharos.query.traces;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pharos.query.Rows;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** One span with everything a waterfall and its detail panel show. Times in nanoseconds since the epoch, as strings (64-bit). */
public record Span(String traceId, String spanId, String parentSpanId, String name, String kind, String service,
                   String startTimeUnixNano, String endTimeUnixNano, long durationNanos, String statusCode, String statusMessage,
                   Map<String, String> attributes, Map<String, String> resource, String scopeName, String scopeVersion,
                   List<Event> events, List<Link> links) {

    public record Event(String timeUnixNano, String name, Map<String, String> attributes) {}

    public record Link(String traceId, String spanId, String traceState, Map<String, String> attributes) {}

    static final String COLUMNS = "TraceId, SpanId, ParentSpanId, SpanName, SpanKind, ServiceName, "
            + "toUnixTimestamp64Nano(Timestamp) AS start, Duration, StatusCode, StatusMessage, SpanAttributes, ResourceAttributes, "
            + "ScopeName, ScopeVersion, arrayMap(t -> toUnixTimestamp64Nano(t), Events.Timestamp) AS event_times, Events.Name AS event_names, "
            + "Events.Attributes AS event_attributes, Links.TraceId AS link_trace_ids, Links.SpanId AS link_span_ids, "
            + "Links.TraceState AS link_states, Links.Attributes AS link_attributes";

    static Span of(JsonNode r) {
        long start = Rows.longValue(r.get("start"));
        long duration = Rows.longValue(r.get("Duration"));
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < r.get("event_names").size(); i++) {
            events.add(new Event(r.get("event_times").get(i).asText(), r.get("event_names").get(i).asText(),
                    Rows.map(r.get("event_attributes").get(i))));
        }
        List<Link> links = new ArrayList<>();
        for (int i = 0; i < r.get("link_trace_ids").size(); i++) {
            links.add(new Link(r.get("link_trace_ids").get(i).asText(), r.get("link_span_ids").get(i).asText(),
                    r.get("link_states").get(i).asText(), Rows.map(r.get("link_attributes").get(i))));
        }
        return new Span(r.get("TraceId").asText(), r.get("SpanId").asText(), r.get("ParentSpanId").asText(), r.get("SpanName").asText(),
                r.get("SpanKind").asText(), r.get("ServiceName").asText(), Long.toString(start), Long.toString(start + duration), duration,
                r.get("StatusCode").asText(), r.get("StatusMessage").asText(), Rows.map(r.get("SpanAttributes")),
                Rows.map(r.get("ResourceAttributes")), r.get("ScopeName").asText(), r.get("ScopeVersion").asText(), events, links);
    }
}
