package dev.pharos.query;

import java.util.List;
import java.util.Map;

/**
 * How the field names of a search map to columns of one table. Well-known names (service, pod,
 * severity...) map to columns or to the OTel semantic-convention keys; {@code resource.<key>},
 * {@code attr.<key>} and {@code scope.<key>} reach any attribute.
 */
public final class FieldMap {

    /** A field as SQL: its value expression and the expression telling whether it is present. */
    public record Field(String value, String exists) {}

    private final String table;
    private final Map<String, Field> named;
    private final String attributeColumn;
    private final Map<String, java.util.function.UnaryOperator<String>> normalisers;

    private FieldMap(String table, Map<String, Field> named, String attributeColumn,
                     Map<String, java.util.function.UnaryOperator<String>> normalisers) {
        this.table = table;
        this.named = named;
        this.attributeColumn = attributeColumn;
        this.normalisers = normalisers;
    }

    /** The level a log record is at, from SeverityNumber when set, else from a normalised SeverityText. */
    public static final String LOG_LEVEL = "multiIf(SeverityNumber >= 21, 'FATAL', SeverityNumber >= 17, 'ERROR', "
            + "SeverityNumber >= 13, 'WARN', SeverityNumber >= 9, 'INFO', SeverityNumber >= 5, 'DEBUG', SeverityNumber >= 1, 'TRACE', "
            + "upper(SeverityText) IN ('WARNING'), 'WARN', upper(SeverityText) IN ('ERR'), 'ERROR', "
            + "upper(SeverityText) IN ('CRITICAL', 'CRIT', 'EMERG', 'ALERT', 'PANIC'), 'FATAL', "
            + "SeverityText = '', 'UNSPECIFIED', upper(SeverityText))";

    public static final List<String> LEVELS = List.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR", "FATAL", "UNSPECIFIED");

    public static FieldMap logs() {
        Map<String, Field> m = new java.util.LinkedHashMap<>();
        m.put("service", column("ServiceName"));
        m.put("severity", new Field(LOG_LEVEL, "1"));
        m.put("severity_text", column("SeverityText"));
        m.put("body", column("Body"));
        m.put("trace_id", column("TraceId"));
        m.put("span_id", column("SpanId"));
        m.put("scope", column("ScopeName"));
        kubernetes(m);
        return new FieldMap("otel_logs", Map.copyOf(m), "LogAttributes",
                Map.of("severity", FieldMap::level, "trace_id", FieldMap::lower, "span_id", FieldMap::lower));
    }

    public static FieldMap traces() {
        Map<String, Field> m = new java.util.LinkedHashMap<>();
        m.put("service", column("ServiceName"));
        m.put("name", column("SpanName"));
        m.put("kind", column("SpanKind"));
        m.put("status", column("StatusCode"));
        m.put("trace_id", column("TraceId"));
        m.put("span_id", column("SpanId"));
        m.put("parent_span_id", column("ParentSpanId"));
        m.put("scope", column("ScopeName"));
        kubernetes(m);
        return new FieldMap("otel_traces", Map.copyOf(m), "SpanAttributes",
                Map.of("trace_id", FieldMap::lower, "span_id", FieldMap::lower, "parent_span_id", FieldMap::lower));
    }

    private static void kubernetes(Map<String, Field> m) {
        m.put("namespace", mapKey("ResourceAttributes", "k8s.namespace.name"));
        m.put("pod", mapKey("ResourceAttributes", "k8s.pod.name"));
        m.put("container", mapKey("ResourceAttributes", "k8s.container.name"));
        m.put("node", mapKey("ResourceAttributes", "k8s.node.name"));
        m.put("host", mapKey("ResourceAttributes", "host.name"));
    }

    private static Field column(String name) {
        return new Field(name, name + " != ''");
    }

    private static Field mapKey(String column, String key) {
        return new Field(column + "[" + Sql.string(key) + "]", "mapContains(" + column + ", " + Sql.string(key) + ")");
    }

    private static String lower(String v) {
        return v.toLowerCase(java.util.Locale.ROOT);
    }

    private static String level(String v) {
        String u = v.strip().toUpperCase(java.util.Locale.ROOT);
        return switch (u) {
            case "WARNING" -> "WARN";
            case "ERR" -> "ERROR";
            case "CRITICAL", "CRIT", "PANIC" -> "FATAL";
            default -> u;
        };
    }

    public String table() {
        return table;
    }

    public java.util.Set<String> names() {
        return new java.util.TreeSet<>(named.keySet());
    }

    /** The field as SQL, or a {@link QueryException} naming the fields that exist. */
    public Field resolve(String name) {
        Field f = named.get(name);
        if (f != null) {
            return f;
        }
        for (var prefix : List.of(Map.entry("resource.", "ResourceAttributes"), Map.entry("attr.", attributeColumn),
                Map.entry("scope.", "ScopeAttributes"))) {
            if (name.startsWith(prefix.getKey()) && name.length() > prefix.getKey().length()) {
                if (prefix.getValue().equals("ScopeAttributes") && table.equals("otel_traces")) {
                    break;
                }
                return mapKey(prefix.getValue(), name.substring(prefix.getKey().length()));
            }
        }
        throw new QueryException("unknown field '" + name + "'; use one of " + String.join(", ", names())
                + ", or resource.<key>, attr.<key>" + (table.equals("otel_logs") ? ", scope.<key>" : ""));
    }

    /** The filter as a SQL condition. */
    public String condition(Filter filter) {
        Field f = resolve(filter.field());
        String value = filter.value() == null ? null : normalisers.getOrDefault(filter.field(), v -> v).apply(filter.value());
        return switch (filter.op()) {
            case EQ -> f.value() + " = " + Sql.string(value);
            case NE -> f.value() + " != " + Sql.string(value);
            case MATCH -> "match(" + f.value() + ", " + Sql.string(value) + ")";
            case NOT_MATCH -> "NOT match(" + f.value() + ", " + Sql.string(value) + ")";
            case EXISTS -> f.exists();
            case NOT_EXISTS -> "NOT (" + f.exists() + ")";
        };
    }
}
