package dev.pharos.query.traces;

import dev.pharos.query.QueryStats;
import java.util.List;

/** All spans of one trace, ordered by start time, ready for a waterfall. */
public record Trace(String traceId, String startTimeUnixNano, String endTimeUnixNano, long durationNanos, List<String> services,
                    List<Span> spans, String sql, QueryStats stats) {}
