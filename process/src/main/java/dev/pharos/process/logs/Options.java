package dev.pharos.process.logs;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A processor's options from the config, read with errors that name the processor and the option. */
public final class Options {

    private final String type;
    private final Map<String, Object> values;

    /** @throws IllegalArgumentException for a key not in {@code known} (a typo must not silently fall back to a default) */
    public Options(String type, Map<String, Object> values, List<String> known) {
        this.type = type;
        this.values = values == null ? Map.of() : values;
        for (String k : this.values.keySet()) {
            if (!known.contains(k)) {
                throw new IllegalArgumentException("processor " + type + ": unknown option '" + k + "'; known: " + known);
            }
        }
    }

    public String string(String key, String fallback) {
        Object v = values.get(key);
        if (v == null) {
            return fallback;
        }
        if (v instanceof Map || v instanceof List) {
            throw new IllegalArgumentException("processor " + type + ": option " + key + " must be a single value");
        }
        return v.toString();
    }

    public List<String> strings(String key, List<String> fallback) {
        Object v = values.get(key);
        if (v == null) {
            return fallback;
        }
        if (v instanceof List<?> l) {
            List<String> out = new ArrayList<>();
            for (Object o : l) {
                out.add(String.valueOf(o));
            }
            return out;
        }
        return List.of(string(key, null));
    }

    public int integer(String key, int fallback, int min, int max) {
        String s = string(key, null);
        if (s == null) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(s.strip());
            if (n < min || n > max) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("processor " + type + ": option " + key + " must be a whole number " + min + ".." + max + ", got " + s);
        }
    }

    public boolean bool(String key, boolean fallback) {
        String s = string(key, null);
        if (s == null) {
            return fallback;
        }
        return switch (s.strip()) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException("processor " + type + ": option " + key + " must be true or false, got " + s);
        };
    }

    public Map<String, String> map(String key) {
        Object v = values.get(key);
        if (v == null) {
            return Map.of();
        }
        if (!(v instanceof Map<?, ?> m)) {
            throw new IllegalArgumentException("processor " + type + ": option " + key + " must be a map of names to values");
        }
        Map<String, String> out = new LinkedHashMap<>();
        m.forEach((k, val) -> out.put(String.valueOf(k), String.valueOf(val)));
        return out;
    }
}
