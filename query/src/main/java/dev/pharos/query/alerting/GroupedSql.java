package dev.pharos.query.alerting;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pharos.query.FieldMap;
import dev.pharos.query.Filter;
import dev.pharos.query.QueryException;
import dev.pharos.query.promql.storage.Labels;
import dev.pharos.query.promql.value.Sample;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What logs and traces rules share: the GROUP BY columns named g0, g1... (so no field name needs
 * quoting), the label each becomes, the row limit and reading rows into samples.
 */
final class GroupedSql {

    /** A rule grouping by something like trace_id would return a series per trace: refused past this many. */
    static final int MAX_SERIES = 50_000;

    private GroupedSql() {}

    /** The label a field becomes: {@code namespace} stays, {@code attr.http.route} becomes {@code attr_http_route}. */
    static String labelName(String field) {
        StringBuilder sb = new StringBuilder(field.length());
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            boolean ok = c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (i > 0 && c >= '0' && c <= '9');
            sb.append(ok ? c : '_');
        }
        return sb.toString();
    }

    /** Checks the fields against the table's field map; the message names the fields that exist. */
    static void validate(FieldMap fields, List<Filter> filters, List<String> by) {
        for (Filter f : filters) {
            fields.condition(f);
        }
        Set<String> labels = new HashSet<>();
        for (String b : by) {
            fields.resolve(b);
            if (!labels.add(labelName(b))) {
                throw new QueryException("'by' has two fields that both become the label '" + labelName(b) + "'");
            }
        }
    }

    static String select(FieldMap fields, List<String> by) {
        StringBuilder sb = new StringBuilder("SELECT ");
        for (int i = 0; i < by.size(); i++) {
            sb.append(fields.resolve(by.get(i)).value()).append(" AS g").append(i).append(", ");
        }
        return sb.toString();
    }

    static String groupBy(List<String> by) {
        if (by.isEmpty()) {
            return "";
        }
        List<String> cols = new ArrayList<>();
        for (int i = 0; i < by.size(); i++) {
            cols.add("g" + i);
        }
        return " GROUP BY " + String.join(", ", cols);
    }

    /** Rows of (g0, g1, ..., value) as samples at {@code timeMs}; an empty group value means the label is absent. */
    static List<Sample> samples(List<JsonNode> rows, List<String> by, long timeMs) {
        if (rows.size() > MAX_SERIES) {
            throw new QueryException("the rule's query returned more than " + MAX_SERIES + " series; group by fewer or coarser fields");
        }
        List<Sample> out = new ArrayList<>(rows.size());
        for (JsonNode r : rows) {
            Labels.Builder b = Labels.builder();
            for (int i = 0; i < by.size(); i++) {
                JsonNode v = r.get("g" + i);
                b.set(labelName(by.get(i)), v == null || v.isNull() ? "" : v.asText());
            }
            out.add(new Sample(b.build(), timeMs, number(r.get("value"))));
        }
        return out;
    }

    /** 64-bit integers come quoted, NaN and infinities as null or text. */
    static double number(JsonNode n) {
        if (n == null || n.isNull()) {
            return Double.NaN;
        }
        if (n.isNumber()) {
            return n.asDouble();
        }
        String t = n.asText().strip().toLowerCase(java.util.Locale.ROOT);
        return switch (t) {
            case "nan", "-nan" -> Double.NaN;
            case "inf", "+inf" -> Double.POSITIVE_INFINITY;
            case "-inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(t);
        };
    }

    static String describe(List<Filter> filters, String text, List<String> by, long overMs, String measure, Condition condition) {
        StringBuilder sb = new StringBuilder(measure).append(" over ").append(dev.pharos.query.promql.ast.Durations.format(overMs));
        List<String> where = new ArrayList<>();
        filters.forEach(f -> where.add(f.toString()));
        if (text != null && !text.isBlank()) {
            where.add("text " + dev.pharos.query.promql.storage.GoStrings.quote(text));
        }
        if (!where.isEmpty()) {
            sb.append(" where ").append(String.join(" and ", where));
        }
        if (!by.isEmpty()) {
            sb.append(" by (").append(String.join(", ", by)).append(')');
        }
        if (condition != null) {
            sb.append(' ').append(condition);
        }
        return sb.toString();
    }
}
