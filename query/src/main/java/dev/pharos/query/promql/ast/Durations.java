package dev.pharos.query.promql.ast;

/** Prometheus duration strings: {@code 1y2w3d4h5m6s7ms}. */
public final class Durations {

    private static final long SECOND = 1000;
    private static final long MINUTE = 60 * SECOND;
    private static final long HOUR = 60 * MINUTE;
    private static final long DAY = 24 * HOUR;
    private static final long WEEK = 7 * DAY;
    private static final long YEAR = 365 * DAY;

    private Durations() {}

    /** Formats like Prometheus's model.Duration: years and weeks only when they divide exactly. */
    public static String format(long ms) {
        if (ms == 0) {
            return "0s";
        }
        StringBuilder sb = new StringBuilder();
        long rest = ms;
        if (rest % YEAR == 0) {
            sb.append(rest / YEAR).append('y');
            return sb.toString();
        }
        if (rest % WEEK == 0) {
            sb.append(rest / WEEK).append('w');
            return sb.toString();
        }
        rest = unit(sb, rest, DAY, "d");
        rest = unit(sb, rest, HOUR, "h");
        rest = unit(sb, rest, MINUTE, "m");
        rest = unit(sb, rest, SECOND, "s");
        unit(sb, rest, 1, "ms");
        return sb.toString();
    }

    private static long unit(StringBuilder sb, long rest, long size, String name) {
        long v = rest / size;
        if (v > 0) {
            sb.append(v).append(name);
        }
        return rest - v * size;
    }

    /**
     * Parses a duration like {@code 1h30m} into milliseconds; units must appear in decreasing order, each at most once.
     *
     * @throws IllegalArgumentException when the text is not a duration
     */
    public static long parse(String s) {
        if (s.isEmpty()) {
            throw new IllegalArgumentException("empty duration string");
        }
        if (s.equals("0")) {
            return 0;
        }
        String[] units = {"y", "w", "d", "h", "m", "s", "ms"};
        long[] sizes = {YEAR, WEEK, DAY, HOUR, MINUTE, SECOND, 1};
        int i = 0;
        int nextUnit = 0;
        long total = 0;
        boolean any = false;
        while (i < s.length()) {
            int j = i;
            while (j < s.length() && s.charAt(j) >= '0' && s.charAt(j) <= '9') {
                j++;
            }
            if (j == i) {
                throw new IllegalArgumentException("not a valid duration string: " + quote(s));
            }
            long n;
            try {
                n = Long.parseLong(s.substring(i, j));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not a valid duration string: " + quote(s));
            }
            int k = j;
            while (k < s.length() && !(s.charAt(k) >= '0' && s.charAt(k) <= '9')) {
                k++;
            }
            if (k == j) {
                throw new IllegalArgumentException("not a valid duration string: " + quote(s));
            }
            String unit = s.substring(j, k);
            int u = java.util.Arrays.asList(units).indexOf(unit);
            if (u < 0) {
                throw new IllegalArgumentException("unknown unit " + quote(unit) + " in duration " + quote(s));
            }
            if (u < nextUnit) {
                throw new IllegalArgumentException("not a valid duration string: " + quote(s));
            }
            total = Math.addExact(total, Math.multiplyExact(n, sizes[u]));
            nextUnit = u + 1;
            i = k;
            any = true;
        }
        if (!any) {
            throw new IllegalArgumentException("not a valid duration string: " + quote(s));
        }
        return total;
    }

    private static String quote(String s) {
        return "\"" + s + "\"";
    }
}
