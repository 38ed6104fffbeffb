package dev.pharos.present.mcp;

import dev.pharos.present.api.Explore;
import dev.pharos.query.Params;
import dev.pharos.query.QueryException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The arguments of one tool call, checked as they are read: a wrong type is a clear tool error. */
final class ToolArgs {

    private final Map<String, Object> values;
    private final boolean admin;
    private final Explore explore;

    /**
     * @param admin whether the caller is an admin (sees admin-only tables in run_sql)
     * @param explore the query side confined to the caller's tenants
     */
    ToolArgs(Map<String, Object> values, boolean admin, Explore explore) {
        this.values = values == null ? Map.of() : values;
        this.admin = admin;
        this.explore = explore;
    }

    boolean admin() {
        return admin;
    }

    Explore explore() {
        return explore;
    }

    String string(String name) {
        Object v = values.get(name);
        if (v == null) {
            return null;
        }
        if (v instanceof String s) {
            return s;
        }
        if (v instanceof Number || v instanceof Boolean) {
            return v.toString();
        }
        throw new QueryException("'" + name + "' must be a string");
    }

    String required(String name) {
        String v = string(name);
        if (v == null || v.isBlank()) {
            throw new QueryException("'" + name + "' is required");
        }
        return v;
    }

    List<String> strings(String name) {
        Object v = values.get(name);
        if (v == null) {
            return List.of();
        }
        if (v instanceof String s) {
            return List.of(s);
        }
        if (v instanceof List<?> list) {
            List<String> out = new ArrayList<>();
            for (Object o : list) {
                if (!(o instanceof String s)) {
                    throw new QueryException("'" + name + "' must be a list of strings");
                }
                out.add(s);
            }
            return out;
        }
        throw new QueryException("'" + name + "' must be a list of strings");
    }

    int integer(String name, int defaultValue, int min, int max) {
        Object v = values.get(name);
        if (v == null) {
            return defaultValue;
        }
        long n;
        if (v instanceof Number num && num.doubleValue() == Math.rint(num.doubleValue())) {
            n = num.longValue();
        } else if (v instanceof String s && s.strip().matches("-?\\d{1,18}")) {
            n = Long.parseLong(s.strip());
        } else {
            throw new QueryException("'" + name + "' must be a whole number");
        }
        if (n < min || n > max) {
            throw new QueryException("'" + name + "' must be between " + min + " and " + max + ", got " + n);
        }
        return (int) n;
    }

    /**
     * The search parameters of the explore API: {@code from}, {@code to}, {@code text} as q,
     * {@code filters}, and the shorthands {@code service} and {@code severity} as filters.
     */
    Params searchParams() {
        Map<String, List<String>> m = new LinkedHashMap<>();
        put(m, "from", string("from"));
        put(m, "to", string("to"));
        put(m, "q", string("text"));
        List<String> filters = new ArrayList<>(strings("filters"));
        if (string("service") != null && !string("service").isBlank()) {
            filters.add("service=" + string("service"));
        }
        if (string("severity") != null && !string("severity").isBlank()) {
            filters.add("severity=" + string("severity"));
        }
        m.put("filter", filters);
        return new Params(m);
    }

    static void put(Map<String, List<String>> m, String name, String value) {
        if (value != null && !value.isBlank()) {
            m.put(name, List.of(value));
        }
    }

    /** A window as results show it: from, then to. */
    static Map<String, String> window(String from, String to) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("from", from);
        m.put("to", to);
        return m;
    }

    Map<String, Object> raw() {
        return values;
    }
}
