package dev.pharos.query;

import java.util.Locale;

/**
 * One condition of a search on a named field: {@code pod=api-7}, {@code severity!=DEBUG},
 * {@code attr.http.route=~^/api/}, {@code attr.user_id exists}, {@code resource.k8s.node.name !exists}.
 */
public record Filter(String field, Op op, String value) {

    public enum Op {
        EQ("="), NE("!="), MATCH("=~"), NOT_MATCH("!~"), EXISTS("exists"), NOT_EXISTS("!exists");

        private final String text;

        Op(String text) {
            this.text = text;
        }

        public String text() {
            return text;
        }
    }

    public Filter {
        if (field == null || field.isBlank()) {
            throw new QueryException("filter without a field name");
        }
    }

    /** Parses {@code field op value} (ops: = != =~ !~) or {@code field exists} / {@code field !exists}. */
    public static Filter parse(String text) {
        String t = text.strip();
        String lower = t.toLowerCase(Locale.ROOT);
        if (lower.endsWith(" !exists")) {
            return new Filter(t.substring(0, t.length() - 8).strip(), Op.NOT_EXISTS, null);
        }
        if (lower.endsWith(" exists")) {
            return new Filter(t.substring(0, t.length() - 7).strip(), Op.EXISTS, null);
        }
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            char next = i + 1 < t.length() ? t.charAt(i + 1) : '\0';
            Op op = null;
            if (c == '!' && next == '=') {
                op = Op.NE;
            } else if (c == '!' && next == '~') {
                op = Op.NOT_MATCH;
            } else if (c == '=' && next == '~') {
                op = Op.MATCH;
            } else if (c == '=') {
                op = Op.EQ;
            }
            if (op != null) {
                int valueStart = i + (op == Op.EQ ? 1 : 2);
                return new Filter(t.substring(0, i).strip(), op, t.substring(valueStart).strip());
            }
        }
        throw new QueryException("filter '" + text + "' has no operator; write field=value, field!=value, field=~regex, "
                + "field!~regex, 'field exists' or 'field !exists'");
    }

    @Override
    public String toString() {
        return value == null ? field + " " + op.text() : field + op.text() + value;
    }
}
