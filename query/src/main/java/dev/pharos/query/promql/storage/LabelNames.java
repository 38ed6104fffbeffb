package dev.pharos.query.promql.storage;

/** Which label and metric names PromQL accepts, and which need quoting when printed. */
public final class LabelNames {

    private LabelNames() {}

    /** A name matching [a-zA-Z_][a-zA-Z0-9_]*, printable without quotes. */
    public static boolean isLegacy(String name) {
        if (name.isEmpty()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok = c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (i > 0 && c >= '0' && c <= '9');
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** A metric name printable without quotes: like a legacy label name but ':' is allowed too. */
    public static boolean isLegacyMetricName(String name) {
        if (name.isEmpty()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok = c == '_' || c == ':' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
                    || (i > 0 && c >= '0' && c <= '9');
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** Prometheus 3 (UTF-8 validation): any non-empty valid UTF-8 string is a label name. */
    public static boolean isValid(String name) {
        return !name.isEmpty() && GoStrings.isValidUtf8(name);
    }
}
