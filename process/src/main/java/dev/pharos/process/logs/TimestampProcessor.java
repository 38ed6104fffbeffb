package dev.pharos.process.logs;

import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;

/**
 * {@code timestamp}: the record's time from the log itself rather than from when it was shipped: an
 * attribute ({@code timestamp}, {@code ts}, {@code time}...; after {@code json_body}, the body's own
 * fields) or a timestamp opening the body. Accepts RFC 3339 / ISO 8601 (offset or Z; a date and
 * time without one is UTC; {@code T} or a space between them) and epoch numbers in seconds,
 * milliseconds, microseconds or nanoseconds (told apart by magnitude). Unparseable: unchanged.
 */
final class TimestampProcessor implements LogProcessor {

    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd['T'][' ']HH:mm:ss[.SSSSSSSSS][.SSSSSS][.SSS][,SSS]");

    private final List<String> fields;
    private final boolean fromBody;

    TimestampProcessor(List<String> fields, boolean fromBody) {
        this.fields = List.copyOf(fields);
        this.fromBody = fromBody;
    }

    static TimestampProcessor from(Map<String, Object> options) {
        Options o = new Options("timestamp", options, List.of("fields", "fromBody"));
        return new TimestampProcessor(o.strings("fields", List.of("timestamp", "ts", "time", "@timestamp")), o.bool("fromBody", true));
    }

    @Override
    public void process(LogDraft r) {
        for (String f : fields) {
            long t = parse(r.attributes().get(f));
            if (t > 0) {
                r.timestampNanos(t);
                return;
            }
        }
        if (fromBody) {
            String b = r.body();
            int end = b.indexOf(' ');
            // "2024-05-01 12:00:01.123 ..." has its time after the first space.
            if (end == 10 && b.length() > 11) {
                int second = b.indexOf(' ', 11);
                end = second < 0 ? b.length() : second;
            }
            if (end > 0) {
                long t = parse(b.substring(0, end));
                if (t > 0) {
                    r.timestampNanos(t);
                }
            }
        }
    }

    /** Nanoseconds since the epoch, or 0. */
    static long parse(String text) {
        if (text == null || text.isEmpty() || text.length() > 40) {
            return 0;
        }
        String s = text.strip();
        if (!s.isEmpty() && s.chars().allMatch(c -> c >= '0' && c <= '9' || c == '.')) {
            try {
                // Exact decimal arithmetic: a double loses the last digits of a nanosecond time.
                java.math.BigDecimal v = new java.math.BigDecimal(s);
                int scale = v.compareTo(java.math.BigDecimal.valueOf(100_000_000_000L)) < 0 ? 9
                        : v.compareTo(java.math.BigDecimal.valueOf(100_000_000_000_000L)) < 0 ? 6
                        : v.compareTo(java.math.BigDecimal.valueOf(100_000_000_000_000_000L)) < 0 ? 3 : 0;
                if (scale == 9 && v.compareTo(java.math.BigDecimal.valueOf(100_000_000L)) < 0) {
                    return 0;
                }
                return v.movePointRight(scale).longValue();
            } catch (NumberFormatException | ArithmeticException e) {
                return 0;
            }
        }
        if (s.length() < 19 || s.charAt(4) != '-') {
            return 0;
        }
        try {
            OffsetDateTime t = OffsetDateTime.parse(s.replace(' ', 'T'));
            return t.toEpochSecond() * 1_000_000_000L + t.getNano();
        } catch (DateTimeParseException e) {
            try {
                LocalDateTime t = LocalDateTime.parse(s, LOCAL);
                return t.toEpochSecond(ZoneOffset.UTC) * 1_000_000_000L + t.getNano();
            } catch (DateTimeParseException e2) {
                return 0;
            }
        }
    }
}
