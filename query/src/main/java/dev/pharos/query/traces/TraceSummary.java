package dev.pharos.query.traces;

/** One trace in a search result: its root span and totals. */
public record TraceSummary(String traceId, String start, String startTimeUnixNano, long durationNanos, String rootService,
                           String rootName, long spanCount, long errorCount, java.util.List<String> services) {}
