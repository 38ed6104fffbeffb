package dev.pharos.process.prometheus;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * OTLP metric and attribute names as Prometheus names, following Prometheus's OTLP translation
 * (underscore escaping with suffixes, its default): invalid characters become underscores, the
 * unit becomes a suffix ({@code _seconds}, {@code _bytes}, {@code _per_second}...), monotonic
 * cumulative sums end in {@code _total}, unit "1" gauges in {@code _ratio}.
 */
public final class PrometheusNames {

    private static final Map<String, String> UNITS = Map.ofEntries(
            Map.entry("d", "days"), Map.entry("h", "hours"), Map.entry("min", "minutes"), Map.entry("s", "seconds"),
            Map.entry("ms", "milliseconds"), Map.entry("us", "microseconds"), Map.entry("ns", "nanoseconds"),
            Map.entry("By", "bytes"), Map.entry("KiBy", "kibibytes"), Map.entry("MiBy", "mebibytes"), Map.entry("GiBy", "gibibytes"),
            Map.entry("TiBy", "tibibytes"), Map.entry("KBy", "kilobytes"), Map.entry("MBy", "megabytes"), Map.entry("GBy", "gigabytes"),
            Map.entry("TBy", "terabytes"), Map.entry("m", "meters"), Map.entry("V", "volts"), Map.entry("A", "amperes"),
            Map.entry("J", "joules"), Map.entry("W", "watts"), Map.entry("g", "grams"), Map.entry("Cel", "celsius"),
            Map.entry("Hz", "hertz"), Map.entry("1", ""), Map.entry("%", "percent"));
    private static final Map<String, String> PER_UNITS = Map.of("s", "second", "m", "minute", "h", "hour", "d", "day", "w", "week",
            "mo", "month", "y", "year");

    private PrometheusNames() {}

    /** The Prometheus metric name for an OTLP metric. */
    public static String metric(String name, String unit, boolean monotonicCumulativeSum, boolean gauge) {
        List<String> tokens = new ArrayList<>();
        for (String t : name.split("[^a-zA-Z0-9:]+")) {
            if (!t.isEmpty()) {
                tokens.add(t);
            }
        }
        String u = unit == null ? "" : unit.replaceAll("\\{[^}]*}", "").strip();
        if (!u.isEmpty()) {
            String[] parts = u.split("/", 2);
            String main = UNITS.getOrDefault(parts[0], sanitizeUnit(parts[0]));
            addSuffix(tokens, main);
            if (parts.length == 2 && !parts[1].isEmpty()) {
                String per = PER_UNITS.getOrDefault(parts[1], sanitizeUnit(parts[1]));
                if (!per.isEmpty()) {
                    addSuffix(tokens, "per_" + per);
                }
            }
        }
        if (monotonicCumulativeSum) {
            tokens.removeIf(t -> t.equals("total"));
            tokens.add("total");
        }
        if (gauge && "1".equals(unit)) {
            addSuffix(tokens, "ratio");
        }
        String joined = String.join("_", tokens);
        if (joined.isEmpty()) {
            return "_";
        }
        return Character.isDigit(joined.charAt(0)) ? "_" + joined : joined;
    }

    private static void addSuffix(List<String> tokens, String suffix) {
        if (suffix.isEmpty()) {
            return;
        }
        String joined = String.join("_", tokens);
        if (!joined.endsWith(suffix) && !joined.contains("_" + suffix + "_")) {
            tokens.addAll(List.of(suffix.split("_")));
        }
    }

    private static String sanitizeUnit(String unit) {
        return unit.replaceAll("[^a-zA-Z0-9]+", "_").replaceAll("^_+|_+$", "");
    }

    /** A Prometheus label name for an OTLP attribute key. */
    public static String label(String key) {
        String s = key.replaceAll("[^a-zA-Z0-9_]", "_");
        if (s.isEmpty()) {
            return "key_";
        }
        if (Character.isDigit(s.charAt(0))) {
            return "key_" + s;
        }
        return s;
    }
}
