package dev.pharos.query.time;

import dev.pharos.query.QueryException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A half-open time window [from, to) in nanoseconds since the epoch.
 *
 * <p>Bounds are written as Grafana users write them: {@code now}, {@code now-15m},
 * {@code now-2h}, an RFC 3339 / ISO-8601 instant ({@code 2026-11-28T10:00:00Z}), or Unix time in
 * seconds, milliseconds or nanoseconds (told apart by magnitude).
 */
public record TimeRange(long fromNanos, long toNanos) {

    private static final Pattern RELATIVE = Pattern.compile("now(?:\\s*-\\s*(\\d+)\\s*(ms|s|m|h|d|w))?");
    private static final Pattern NUMBER = Pattern.compile("\\d{1,19}(\\.\\d+)?");

    public TimeRange {
        if (toNanos <= fromNanos) {
            throw new QueryException("empty time range: 'from' must be before 'to'");
        }
    }

    /**
     * Parses the bounds a request gave; a missing {@code from} means {@code defaultWindow} before
     * {@code to}, a missing {@code to} means now.
     */
    public static TimeRange parse(String from, String to, Duration defaultWindow, Instant now) {
        long toN = blank(to) ? nanos(now) : bound("to", to, now);
        long fromN = blank(from) ? toN - defaultWindow.toNanos() : bound("from", from, now);
        return new TimeRange(fromN, toN);
    }

    public static TimeRange lastWindow(Duration window, Instant now) {
        return new TimeRange(nanos(now) - window.toNanos(), nanos(now));
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    static long bound(String name, String text, Instant now) {
        String t = text.strip();
        Matcher rel = RELATIVE.matcher(t);
        if (rel.matches()) {
            if (rel.group(1) == null) {
                return nanos(now);
            }
            long n = Long.parseLong(rel.group(1));
            Duration d = switch (rel.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                case "d" -> Duration.ofDays(n);
                default -> Duration.ofDays(7 * n);
            };
            return nanos(now) - d.toNanos();
        }
        if (NUMBER.matcher(t).matches()) {
            double v = Double.parseDouble(t);
            // 1e11 s is the year 5138 and 1e14 ms the year 5138: beyond either, the next unit is meant.
            if (v < 1e11) {
                return (long) (v * 1e9);
            }
            if (v < 1e14) {
                return (long) (v * 1e6);
            }
            return Long.parseLong(t.contains(".") ? t.substring(0, t.indexOf('.')) : t);
        }
        try {
            return nanos(Instant.parse(t));
        } catch (DateTimeParseException e) {
            throw new QueryException("'" + name + "' is not a time: '" + text
                    + "'; use now, now-15m (ms, s, m, h, d, w), an ISO-8601 instant such as 2026-11-28T10:00:00Z, or Unix seconds/milliseconds");
        }
    }

    public static long nanos(Instant i) {
        return i.getEpochSecond() * 1_000_000_000L + i.getNano();
    }

    public Duration length() {
        return Duration.ofNanos(toNanos - fromNanos);
    }

    public Instant from() {
        return Instant.ofEpochSecond(0, fromNanos);
    }

    public Instant to() {
        return Instant.ofEpochSecond(0, toNanos);
    }
}
