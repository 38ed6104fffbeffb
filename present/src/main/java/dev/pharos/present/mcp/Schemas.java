package dev.pharos.present.mcp;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** JSON Schemas of tool inputs, written the way models read them: every property described. */
final class Schemas {

    private Schemas() {}

    static Map<String, Object> object(List<String> required, Map<String, Object> properties) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("type", "object");
        s.put("properties", properties);
        s.put("required", required);
        s.put("additionalProperties", false);
        return s;
    }

    static Map<String, Object> string(String description) {
        return Map.of("type", "string", "description", description);
    }

    static Map<String, Object> integer(String description, int min, int max) {
        return Map.of("type", "integer", "description", description, "minimum", min, "maximum", max);
    }

    static Map<String, Object> strings(String description) {
        return Map.of("type", "array", "items", Map.of("type", "string"), "description", description);
    }

    static Map<String, Object> props(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    static final Map<String, Object> FROM = string("Start of the window: now-1h, now-15m, an ISO-8601 UTC time such as "
            + "2026-11-28T10:00:00Z, or Unix seconds. Default: 15 minutes before 'to'.");
    static final Map<String, Object> TO = string("End of the window (exclusive), same forms as 'from'. Default: now.");
    static final Map<String, Object> FILTERS = strings("Conditions that must all hold, each 'field=value', 'field!=value', "
            + "'field=~regex', 'field!~regex', 'field exists' or 'field !exists'. Fields: service, severity (TRACE, DEBUG, INFO, "
            + "WARN, ERROR, FATAL), namespace, pod, container, node, host, trace_id, body, resource.<key>, attr.<key>.");
}
