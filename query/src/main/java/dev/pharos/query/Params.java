package dev.pharos.query;

import java.util.List;
import java.util.Map;

/** Request parameters by name (a name may repeat, like {@code filter}), from a query string or a form. */
public record Params(Map<String, List<String>> values) {

    public String get(String name) {
        List<String> v = values.get(name);
        return v == null || v.isEmpty() ? null : v.getLast();
    }

    public List<String> all(String name) {
        return values.getOrDefault(name, List.of());
    }

    public int intValue(String name, int defaultValue, int min, int max) {
        String v = get(name);
        if (v == null || v.isBlank()) {
            return defaultValue;
        }
        try {
            int n = Integer.parseInt(v.strip());
            if (n < min || n > max) {
                throw new QueryException("'" + name + "' must be between " + min + " and " + max + ", got " + n);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new QueryException("'" + name + "' must be a whole number, got '" + v + "'");
        }
    }
}
