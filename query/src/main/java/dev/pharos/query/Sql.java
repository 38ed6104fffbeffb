package dev.pharos.query;

/**
 * Literals for SQL that Pharos builds. Every value from a request enters a query through these
 * methods, never by concatenation, so no request text can change the shape of a statement.
 */
public final class Sql {

    private Sql() {}

    /** A ClickHouse string literal: backslash and quote escaped, control characters as escapes. */
    public static String string(String value) {
        StringBuilder sb = new StringBuilder(value.length() + 2).append('\'');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> sb.append("\\\\");
                case '\'' -> sb.append("\\'");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '\0' -> sb.append("\\0");
                default -> sb.append(c);
            }
        }
        return sb.append('\'').toString();
    }

    /** A DateTime64(9) from nanoseconds since the epoch. */
    public static String nanos(long epochNanos) {
        return "fromUnixTimestamp64Nano(toInt64(" + epochNanos + "))";
    }

    /** A DateTime (seconds), rounded down. */
    public static String secondsFloor(long epochNanos) {
        return "toDateTime(" + Math.floorDiv(epochNanos, 1_000_000_000L) + ")";
    }
}
