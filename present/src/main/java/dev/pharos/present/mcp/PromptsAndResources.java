package dev.pharos.present.mcp;

import io.modelcontextprotocol.server.McpStatelessServerFeatures.SyncPromptSpecification;
import io.modelcontextprotocol.server.McpStatelessServerFeatures.SyncResourceSpecification;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.List;
import java.util.Map;

/** The schema guide as a resource, and the two investigation prompts. */
final class PromptsAndResources {

    static final String SCHEMA_URI = "pharos://docs/schema";

    private static final String SCHEMA_GUIDE = """
            # Pharos telemetry schema (ClickHouse)

            Database `otel` (tables follow the OpenTelemetry ClickHouse exporter):

            - `otel_logs_all`: every log record, whatever its dataset (`otel_logs` holds only the default dataset; each
              configured dataset has its own table `logs_<name>` with extra extracted columns).
              Timestamp DateTime64(9), TimestampTime DateTime (filter on it: it is in the primary key),
              ServiceName, SeverityText, SeverityNumber (9-12 INFO, 13-16 WARN, 17-20 ERROR, 21-24 FATAL), Body,
              TraceId, SpanId, ResourceAttributes Map (k8s.namespace.name, k8s.pod.name, k8s.container.name, host.name...),
              LogAttributes Map, ScopeName, ScopeAttributes Map, EventName.
            - `otel_traces`: Timestamp (span start), TraceId, SpanId, ParentSpanId, SpanName, SpanKind (Server, Client,
              Internal, Producer, Consumer), ServiceName, Duration (nanoseconds), StatusCode (Ok, Error, Unset),
              StatusMessage, SpanAttributes Map, ResourceAttributes Map, Events.Timestamp/Name/Attributes,
              Links.TraceId/SpanId/Attributes.
            - `otel_traces_trace_id_ts`: TraceId -> Start, End (find a trace's time range fast).
            - `otel_metrics_gauge`, `_sum`, `_histogram`, `_exponential_histogram`, `_summary`: MetricName, Attributes Map,
              TimeUnix, Value (gauge, sum) or Count/Sum/BucketCounts/ExplicitBounds (histogram).

            Rules of thumb: always bound time (TimestampTime for logs, Timestamp for traces and TimeUnix for metrics);
            read map values as ResourceAttributes['k8s.pod.name']; durations are nanoseconds (divide by 1e6 for ms);
            quantile(0.95)(Duration) gives p95. Prefer the tools search_logs, log_patterns, service_health, find_traces
            and get_trace; use run_sql for the rest.
            """;

    private PromptsAndResources() {}

    static SyncResourceSpecification schemaResource() {
        McpSchema.Resource r = McpSchema.Resource.builder().uri(SCHEMA_URI).name("schema").title("Pharos telemetry schema")
                .description("Tables, columns and query rules of thumb for run_sql").mimeType("text/markdown").build();
        return new SyncResourceSpecification(r, (ctx, req) -> new McpSchema.ReadResourceResult(
                List.of(new McpSchema.TextResourceContents(SCHEMA_URI, "text/markdown", SCHEMA_GUIDE))));
    }

    static List<SyncPromptSpecification> prompts() {
        McpSchema.Prompt spike = new McpSchema.Prompt("investigate_error_spike", "Investigate an error spike",
                "Find what changed when a service's errors rose, from service health down to log patterns and traces",
                List.of(new McpSchema.PromptArgument("service", "The service whose errors rose (optional)", false),
                        new McpSchema.PromptArgument("since", "When it started, e.g. now-30m or 2026-11-28T10:05:00Z (optional)", false)));
        McpSchema.Prompt slow = new McpSchema.Prompt("explain_slow_trace", "Explain a slow trace",
                "Explain where the time of one trace went and why",
                List.of(new McpSchema.PromptArgument("trace_id", "The trace id (32 hex characters)", true)));
        return List.of(
                new SyncPromptSpecification(spike, (ctx, req) -> {
                    Map<String, Object> a = req.arguments() == null ? Map.of() : req.arguments();
                    String service = String.valueOf(a.getOrDefault("service", "the affected service"));
                    String since = String.valueOf(a.getOrDefault("since", "now-30m"));
                    return new McpSchema.GetPromptResult("Investigate an error spike", List.of(text("""
                            Investigate the error spike of %s since %s with the Pharos tools:
                            1. service_health from %s with compare to the window before: which services' error rate and p95 changed?
                            2. log_patterns for the worst service, severity ERROR, compare=true: which message templates are new or grew?
                            3. search_logs with the top new template's words as text to see examples, pods and trace ids.
                            4. find_traces with status=error for that service, then get_trace on one: which span fails, on the critical path?
                            Conclude with the most likely cause, the evidence (counts, times in UTC, ids), and what to check next.
                            """.formatted(service, since, since))));
                }),
                new SyncPromptSpecification(slow, (ctx, req) -> {
                    Object id = req.arguments() == null ? null : req.arguments().get("trace_id");
                    return new McpSchema.GetPromptResult("Explain a slow trace", List.of(text("""
                            Call get_trace with trace_id %s. Walk its critical path: which spans took the time, which were \
                            waiting on children, which failed or retried (events). Then search_logs with filter trace_id=%s for \
                            the logs written during the request. Explain in a few sentences where the time went and why.""".formatted(id, id))));
                }));
    }

    private static McpSchema.PromptMessage text(String s) {
        return new McpSchema.PromptMessage(McpSchema.Role.USER, new McpSchema.TextContent(s));
    }
}
