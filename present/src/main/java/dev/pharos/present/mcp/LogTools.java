package dev.pharos.present.mcp;

import static dev.pharos.present.mcp.Schemas.FILTERS;
import static dev.pharos.present.mcp.Schemas.FROM;
import static dev.pharos.present.mcp.Schemas.TO;
import static dev.pharos.present.mcp.Schemas.integer;
import static dev.pharos.present.mcp.Schemas.object;
import static dev.pharos.present.mcp.Schemas.props;
import static dev.pharos.present.mcp.Schemas.string;

import dev.pharos.query.logs.LogHistogram;
import dev.pharos.query.logs.LogPage;
import dev.pharos.query.logs.LogPatterns;
import dev.pharos.query.logs.LogQuery;
import dev.pharos.query.logs.LogRecord;
import dev.pharos.query.time.TimeRange;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** search_logs and log_patterns. */
final class LogTools {

    private static final int BODY_CHARS = 500;

    private LogTools() {}

    static List<ToolDef> all() {
        return List.of(searchLogs(), logPatterns());
    }

    private static ToolDef searchLogs() {
        return new ToolDef("search_logs", """
                Search log records in a time window. Returns how many records match, their count per severity, the services \
                and pods that log them most, and a bounded sample of the newest matching records (timestamp, severity, \
                service, pod, body, trace_id, attributes). Use it to check what a service logged around an incident; use \
                log_patterns instead to see which kinds of messages dominate or changed.""",
                object(List.of(), props("from", FROM, "to", TO,
                        "service", string("Only this service (the OTel service.name)."),
                        "severity", string("Only this level: TRACE, DEBUG, INFO, WARN, ERROR or FATAL."),
                        "text", string("Full text on the body: words and \"quoted phrases\" must all occur; -word excludes."),
                        "filters", FILTERS,
                        "limit", integer("Sample size, newest first (default 20).", 1, 200))),
                args -> {
                    LogQuery q = LogQuery.fromParams(args.searchParams(), args.explore().logs().options(), Instant.now());
                    int limit = args.integer("limit", 20, 1, 200);
                    LogQuery page = new LogQuery(q.range(), q.filters(), q.text(), true, limit, null);
                    LogPage p = args.explore().logs().search(page);
                    LogHistogram h = args.explore().logs().histogram(q);
                    Map<String, Long> bySeverity = new TreeMap<>();
                    h.buckets().forEach(b -> b.bySeverity().forEach((k, v) -> bySeverity.merge(k, v, Long::sum)));
                    Map<String, Object> out = new LinkedHashMap<>();
                    out.put("window", ToolArgs.window(p.from(), p.to()));
                    out.put("matching_records", h.total());
                    out.put("by_severity", bySeverity);
                    out.put("top_services", args.explore().logs().top(q, "service", 5));
                    out.put("top_pods", args.explore().logs().top(q, "pod", 5));
                    out.put("sample", p.rows().stream().map(LogTools::compact).toList());
                    out.put("sample_truncated", p.nextCursor() != null);
                    out.put("sql", p.sql());
                    return new ToolDef.Output(out, p.sql(), p.rows().size());
                });
    }

    static Map<String, Object> compact(LogRecord r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("timestamp", r.timestamp());
        m.put("severity", r.severity());
        m.put("service", r.service());
        String pod = r.resource().get("k8s.pod.name");
        if (pod != null) {
            m.put("pod", pod);
        }
        m.put("body", r.body().length() <= BODY_CHARS ? r.body() : r.body().substring(0, BODY_CHARS) + "… (" + r.body().length() + " chars)");
        if (!r.traceId().isEmpty()) {
            m.put("trace_id", r.traceId());
        }
        if (!r.attributes().isEmpty()) {
            Map<String, String> attrs = new LinkedHashMap<>();
            r.attributes().entrySet().stream().limit(10).forEach(e -> attrs.put(e.getKey(), e.getValue()));
            m.put("attributes", attrs);
        }
        return m;
    }

    private static ToolDef logPatterns() {
        return new ToolDef("log_patterns", """
                Group the log records of a window into message templates (numbers, ids, UUIDs and IP addresses replaced by \
                <num>, <hex>, <uuid>, <ip>) with their counts and one example each. With compare=true (or a baseline window), \
                templates are ranked by change against the baseline: templates that are new come first, then those whose \
                rate grew most. The fastest way to answer "what changed at 10:05?" or "what are these errors?".""",
                object(List.of(), props("from", FROM, "to", TO,
                        "service", string("Only this service."),
                        "severity", string("Only this level, e.g. ERROR."),
                        "text", string("Full text on the body, as in search_logs."),
                        "filters", FILTERS,
                        "compare", Map.of("type", "boolean", "description",
                                "Rank against the window of the same length just before 'from' (default false)."),
                        "baseline_from", string("Start of an explicit baseline window (implies compare)."),
                        "baseline_to", string("End of the explicit baseline window."),
                        "limit", integer("Templates to return (default 10).", 1, 50))),
                args -> {
                    LogQuery q = LogQuery.fromParams(args.searchParams(), args.explore().logs().options(), Instant.now());
                    TimeRange baseline = null;
                    if (args.string("baseline_from") != null) {
                        baseline = TimeRange.parse(args.string("baseline_from"), args.string("baseline_to"), q.range().length(), Instant.now());
                    } else if ("true".equalsIgnoreCase(args.string("compare"))) {
                        baseline = new TimeRange(q.range().fromNanos() - (q.range().toNanos() - q.range().fromNanos()), q.range().fromNanos());
                    }
                    LogPatterns.Result r = args.explore().patterns().patterns(q, baseline, args.integer("limit", 10, 1, 50));
                    Map<String, Object> out = new LinkedHashMap<>();
                    out.put("window", ToolArgs.window(q.range().from().toString(), q.range().to().toString()));
                    if (baseline != null) {
                        out.put("baseline", ToolArgs.window(baseline.from().toString(), baseline.to().toString()));
                    }
                    out.put("records_in_window", r.totalRecords());
                    List<Map<String, Object>> patterns = new ArrayList<>();
                    for (LogPatterns.Pattern p : r.patterns()) {
                        Map<String, Object> m = new LinkedHashMap<>();
                        m.put("template", p.template());
                        m.put("count", p.count());
                        if (p.baselineCount() != null) {
                            m.put("baseline_count", p.baselineCount());
                            m.put("change", p.change());
                        }
                        m.put("example", p.sample().length() <= BODY_CHARS ? p.sample() : p.sample().substring(0, BODY_CHARS) + "…");
                        patterns.add(m);
                    }
                    out.put("patterns", patterns);
                    out.put("sql", r.sql());
                    return new ToolDef.Output(out, r.sql(), patterns.size());
                });
    }
}
