package dev.pharos.present.mcp;

import static dev.pharos.present.mcp.Schemas.FILTERS;
import static dev.pharos.present.mcp.Schemas.FROM;
import static dev.pharos.present.mcp.Schemas.TO;
import static dev.pharos.present.mcp.Schemas.integer;
import static dev.pharos.present.mcp.Schemas.object;
import static dev.pharos.present.mcp.Schemas.props;
import static dev.pharos.present.mcp.Schemas.string;

import dev.pharos.query.Params;
import dev.pharos.query.QueryException;
import dev.pharos.query.time.TimeRange;
import dev.pharos.query.traces.ServiceStats;
import dev.pharos.query.traces.Span;
import dev.pharos.query.traces.Trace;
import dev.pharos.query.traces.TraceQuery;
import dev.pharos.query.traces.TraceSearch;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** get_trace, find_traces and service_health. */
final class TraceTools {

    private static final int MAX_SPANS = 300;
    private static final int MAX_SERVICES = 100;

    private TraceTools() {}

    static List<ToolDef> all() {
        return List.of(getTrace(), findTraces(), serviceHealth());
    }

    private static ToolDef getTrace() {
        return new ToolDef("get_trace", """
                Fetch one trace by its 32-hex-digit id as a compact span tree: each span's service, operation, start offset \
                and duration in milliseconds, status and error message, key attributes and events. Spans on the critical \
                path (the chain of spans that determined the end-to-end duration) are marked, and error spans are listed \
                first in 'errors'. Use it to explain why a request was slow or failed.""",
                object(List.of("trace_id"), props("trace_id", string("The trace id, 32 hexadecimal characters."))),
                args -> {
                    Trace t = args.explore().traces().get(args.required("trace_id"))
                            .orElseThrow(() -> new QueryException("trace " + args.string("trace_id") + " not found; it may be older than the retention"));
                    return new ToolDef.Output(tree(t), t.sql(), t.spans().size());
                });
    }

    static Map<String, Object> tree(Trace t) {
        long t0 = Long.parseLong(t.startTimeUnixNano());
        Map<String, Span> byId = new HashMap<>();
        Map<String, List<Span>> children = new HashMap<>();
        List<Span> roots = new ArrayList<>();
        for (Span s : t.spans()) {
            byId.put(s.spanId(), s);
        }
        for (Span s : t.spans()) {
            if (!s.parentSpanId().isEmpty() && byId.containsKey(s.parentSpanId())) {
                children.computeIfAbsent(s.parentSpanId(), k -> new ArrayList<>()).add(s);
            } else {
                roots.add(s);
            }
        }
        Set<String> critical = new HashSet<>();
        Span node = roots.stream().max((a, b) -> Long.compare(a.durationNanos(), b.durationNanos())).orElse(null);
        while (node != null) {
            critical.add(node.spanId());
            node = children.getOrDefault(node.spanId(), List.of()).stream()
                    .max((a, b) -> Long.compare(Long.parseLong(a.endTimeUnixNano()), Long.parseLong(b.endTimeUnixNano()))).orElse(null);
        }
        List<Map<String, Object>> spans = new ArrayList<>();
        List<Map<String, Object>> errors = new ArrayList<>();
        Map<String, Integer> depth = new HashMap<>();
        for (Span s : t.spans()) {
            int d = 0;
            for (String p = s.parentSpanId(); byId.containsKey(p) && d < 100; p = byId.get(p).parentSpanId()) {
                d++;
            }
            depth.put(s.spanId(), d);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("span_id", s.spanId());
            m.put("parent_span_id", s.parentSpanId());
            m.put("depth", d);
            m.put("service", s.service());
            m.put("name", s.name());
            m.put("kind", s.kind());
            m.put("start_ms", round((Long.parseLong(s.startTimeUnixNano()) - t0) / 1e6));
            m.put("duration_ms", round(s.durationNanos() / 1e6));
            m.put("status", s.statusCode());
            if (!s.statusMessage().isEmpty()) {
                m.put("status_message", s.statusMessage());
            }
            m.put("critical_path", critical.contains(s.spanId()));
            if (!s.attributes().isEmpty()) {
                Map<String, String> attrs = new LinkedHashMap<>();
                s.attributes().entrySet().stream().limit(8).forEach(e -> attrs.put(e.getKey(), e.getValue()));
                m.put("attributes", attrs);
            }
            if (!s.events().isEmpty()) {
                m.put("events", s.events().stream().limit(10).map(e -> Map.of("name", e.name(), "at_ms",
                        round((Long.parseLong(e.timeUnixNano()) - t0) / 1e6), "attributes", e.attributes())).toList());
            }
            if (s.statusCode().equals("Error")) {
                errors.add(m);
            }
            spans.add(m);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("trace_id", t.traceId());
        out.put("start", Instant.ofEpochSecond(0, t0).toString());
        out.put("duration_ms", round(t.durationNanos() / 1e6));
        out.put("services", t.services());
        out.put("span_count", t.spans().size());
        out.put("errors", errors.stream().map(e -> Map.of("span_id", e.get("span_id"), "service", e.get("service"), "name", e.get("name"),
                "status_message", e.getOrDefault("status_message", ""))).toList());
        out.put("critical_path", spans.stream().filter(m -> (Boolean) m.get("critical_path"))
                .map(m -> m.get("service") + " " + m.get("name") + " (" + m.get("duration_ms") + " ms)").toList());
        out.put("spans", spans.size() <= MAX_SPANS ? spans : spans.subList(0, MAX_SPANS));
        out.put("spans_truncated", spans.size() > MAX_SPANS);
        return out;
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

    private static ToolDef findTraces() {
        return new ToolDef("find_traces", """
                Find recent traces in a window by service, operation (span name), status and duration. Each result gives \
                the trace id, start time, root service and operation, duration, span and error counts and the services \
                involved. Follow up with get_trace on an id.""",
                object(List.of(), props("from", FROM, "to", TO,
                        "service", string("A span of this service must match."),
                        "name", string("Span name (operation), e.g. 'POST /checkout'."),
                        "status", string("ok, error or unset."),
                        "min_duration", string("Spans at least this long, e.g. 500ms, 2s."),
                        "max_duration", string("Spans at most this long."),
                        "filters", FILTERS,
                        "limit", integer("Traces to return (default 10).", 1, 50))),
                args -> {
                    Map<String, List<String>> m = new LinkedHashMap<>();
                    for (String k : List.of("from", "to", "service", "name", "status", "min_duration", "max_duration")) {
                        ToolArgs.put(m, k, args.string(k));
                    }
                    m.put("filter", args.strings("filters"));
                    m.put("limit", List.of(Integer.toString(args.integer("limit", 10, 1, 50))));
                    TraceSearch.Found f = args.explore().traces().find(TraceQuery.fromParams(new Params(m), args.explore().logs().options(), Instant.now()));
                    Map<String, Object> out = new LinkedHashMap<>();
                    out.put("traces", f.traces().stream().map(s -> {
                        Map<String, Object> r = new LinkedHashMap<>();
                        r.put("trace_id", s.traceId());
                        r.put("start", s.start());
                        r.put("root", s.rootService() + " " + s.rootName());
                        r.put("duration_ms", round(s.durationNanos() / 1e6));
                        r.put("spans", s.spanCount());
                        r.put("errors", s.errorCount());
                        r.put("services", s.services());
                        return r;
                    }).toList());
                    out.put("sql", f.sql());
                    return new ToolDef.Output(out, f.sql(), f.traces().size());
                });
    }

    private static ToolDef serviceHealth() {
        return new ToolDef("service_health", """
                Request rate, error rate and latency percentiles (p50, p95, p99 in ms) of each service in a window, from \
                its entry spans (server and consumer spans), compared with a baseline window (default: the window of the \
                same length just before). Changes are given as percentages (rate, p95) and percentage points (error rate). \
                Start here to find which service is unhealthy.""",
                object(List.of(), props("from", FROM, "to", TO,
                        "service", string("Only this service (default: all)."),
                        "baseline_from", string("Start of the baseline window (default: the same length just before 'from')."),
                        "baseline_to", string("End of the baseline window."))),
                args -> {
                    TimeRange now = TimeRange.parse(args.string("from"), args.string("to"), args.explore().logs().options().defaultWindow(), Instant.now());
                    TimeRange base = args.string("baseline_from") != null
                            ? TimeRange.parse(args.string("baseline_from"), args.string("baseline_to"), now.length(), Instant.now())
                            : new TimeRange(now.fromNanos() - (now.toNanos() - now.fromNanos()), now.fromNanos());
                    TraceSearch.Overview current = args.explore().traces().services(now);
                    TraceSearch.Overview before = args.explore().traces().services(base);
                    Map<String, ServiceStats> baseline = new HashMap<>();
                    before.services().forEach(s -> baseline.put(s.service(), s));
                    String only = args.string("service");
                    List<Map<String, Object>> services = new ArrayList<>();
                    for (ServiceStats s : current.services()) {
                        if (only != null && !only.isBlank() && !only.equals(s.service())) {
                            continue;
                        }
                        ServiceStats b = baseline.get(s.service());
                        Map<String, Object> m = new LinkedHashMap<>();
                        m.put("service", s.service());
                        m.put("now", s);
                        m.put("baseline", b);
                        if (b != null && b.requests() > 0) {
                            m.put("rate_change_pct", Math.round((s.ratePerSecond() / b.ratePerSecond() - 1) * 1000) / 10.0);
                            m.put("error_rate_change_pp", Math.round((s.errorRate() - b.errorRate()) * 1000) / 10.0);
                            if (s.p95Ms() != null && b.p95Ms() != null && b.p95Ms() > 0) {
                                m.put("p95_change_pct", Math.round((s.p95Ms() / b.p95Ms() - 1) * 1000) / 10.0);
                            }
                        }
                        services.add(m);
                    }
                    // The busiest first, at most MAX_SERVICES: the answer stays readable with thousands of services.
                    services.sort((a, b) -> Long.compare(((ServiceStats) b.get("now")).requests(), ((ServiceStats) a.get("now")).requests()));
                    Map<String, Object> out = new LinkedHashMap<>();
                    out.put("window", ToolArgs.window(now.from().toString(), now.to().toString()));
                    out.put("baseline", ToolArgs.window(base.from().toString(), base.to().toString()));
                    out.put("services", services.size() <= MAX_SERVICES ? services : services.subList(0, MAX_SERVICES));
                    out.put("services_truncated", services.size() > MAX_SERVICES);
                    out.put("sql", current.sql());
                    return new ToolDef.Output(out, current.sql(), services.size());
                });
    }
}
