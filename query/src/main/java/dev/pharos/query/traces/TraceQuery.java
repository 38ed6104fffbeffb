package dev.pharos.query.traces;

import dev.pharos.query.Filter;
import dev.pharos.query.Params;
import dev.pharos.query.QueryException;
import dev.pharos.query.QueryOptions;
import dev.pharos.query.time.TimeRange;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A trace search: spans matching every condition make their trace a result.
 *
 * @param minDuration spans at least this long (null: no bound)
 * @param maxDuration spans at most this long (null: no bound)
 */
public record TraceQuery(TimeRange range, List<Filter> filters, Duration minDuration, Duration maxDuration, int limit) {

    private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ns|us|µs|ms|s|m|h)");

    /**
     * From request parameters: {@code from}, {@code to}, {@code service}, {@code name} (span
     * name), {@code status} (Ok|Error|Unset), {@code min_duration} / {@code max_duration} (e.g. 250ms,
     * 2s), {@code filter} (repeatable), {@code limit}.
     */
    public static TraceQuery fromParams(Params p, QueryOptions options, Instant now) {
        TimeRange range = TimeRange.parse(p.get("from"), p.get("to"), options.defaultWindow(), now);
        List<Filter> filters = new ArrayList<>();
        for (String name : List.of("service", "name", "status")) {
            String v = p.get(name);
            if (v != null && !v.isBlank()) {
                filters.add(new Filter(name, Filter.Op.EQ, name.equals("status") ? status(v) : v));
            }
        }
        p.all("filter").stream().filter(f -> !f.isBlank()).map(Filter::parse).forEach(filters::add);
        return new TraceQuery(range, filters, duration("min_duration", p.get("min_duration")), duration("max_duration", p.get("max_duration")),
                p.intValue("limit", 20, 1, 1000));
    }

    private static String status(String v) {
        return switch (v.strip().toLowerCase(java.util.Locale.ROOT)) {
            case "ok" -> "Ok";
            case "error" -> "Error";
            case "unset" -> "Unset";
            default -> throw new QueryException("'status' must be Ok, Error or Unset, got '" + v + "'");
        };
    }

    static Duration duration(String name, String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        Matcher m = DURATION.matcher(text.strip());
        if (!m.matches()) {
            throw new QueryException("'" + name + "' is not a duration: '" + text + "'; write e.g. 250ms, 1.5s, 2m");
        }
        double v = Double.parseDouble(m.group(1));
        double nanos = switch (m.group(2)) {
            case "ns" -> v;
            case "us", "µs" -> v * 1e3;
            case "ms" -> v * 1e6;
            case "s" -> v * 1e9;
            case "m" -> v * 60e9;
            default -> v * 3600e9;
        };
        return Duration.ofNanos((long) nanos);
    }
}
