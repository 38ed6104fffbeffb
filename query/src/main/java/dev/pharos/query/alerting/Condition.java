package dev.pharos.query.alerting;

import dev.pharos.query.promql.ast.Durations;
import dev.pharos.query.promql.ast.Numbers;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The threshold of a logs or traces rule: {@code "> 50"}, {@code ">= 0.05"}, {@code "> 2s"}. Durations
 * are compared in seconds, the unit of every duration a traces rule measures.
 */
public record Condition(Op op, double threshold) {

    public enum Op {
        GT(">"), GE(">="), LT("<"), LE("<="), EQ("=="), NE("!=");

        private final String text;

        Op(String text) {
            this.text = text;
        }

        public String text() {
            return text;
        }
    }

    private static final Pattern FORM = Pattern.compile("\\s*(>=|<=|==|!=|>|<)\\s*(\\S+)\\s*");
    private static final Pattern NUMBER = Pattern.compile("[-+]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][-+]?\\d+)?");
    private static final Pattern SUB_SECOND = Pattern.compile("(\\d+(?:\\.\\d+)?)(us|µs|ns)");
    private static final Pattern DECIMAL_UNIT = Pattern.compile("(\\d+\\.\\d+)(ms|s|m|h)");

    /** @throws IllegalArgumentException with a message for the rule's author */
    public static Condition parse(String text) {
        Matcher m = FORM.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("condition '" + text + "' must be an operator (>, >=, <, <=, ==, !=) and a number or "
                    + "duration, e.g. \"> 50\" or \"> 2s\"");
        }
        Op op = switch (m.group(1)) {
            case ">" -> Op.GT;
            case ">=" -> Op.GE;
            case "<" -> Op.LT;
            case "<=" -> Op.LE;
            case "==" -> Op.EQ;
            default -> Op.NE;
        };
        return new Condition(op, value(m.group(2), text));
    }

    private static double value(String v, String text) {
        if (NUMBER.matcher(v).matches()) {
            return Double.parseDouble(v);
        }
        Matcher sub = SUB_SECOND.matcher(v);
        if (sub.matches()) {
            return Double.parseDouble(sub.group(1)) / (sub.group(2).equals("ns") ? 1e9 : 1e6);
        }
        Matcher dec = DECIMAL_UNIT.matcher(v);
        if (dec.matches()) {
            double scale = switch (dec.group(2)) {
                case "ms" -> 1e-3;
                case "s" -> 1;
                case "m" -> 60;
                default -> 3600;
            };
            return Double.parseDouble(dec.group(1)) * scale;
        }
        try {
            return Durations.parse(v) / 1000.0;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("condition '" + text + "': '" + v + "' is neither a number nor a duration (250ms, 2s, 1m)");
        }
    }

    public boolean test(double v) {
        return switch (op) {
            case GT -> v > threshold;
            case GE -> v >= threshold;
            case LT -> v < threshold;
            case LE -> v <= threshold;
            case EQ -> v == threshold;
            case NE -> v != threshold;
        };
    }

    /** The SQL comparison on {@code column}. */
    String sql(String column) {
        String op = this.op == Op.EQ ? "=" : this.op.text();
        return column + " " + op + " " + sqlNumber(threshold);
    }

    static String sqlNumber(double v) {
        return Numbers.format(v);
    }

    @Override
    public String toString() {
        return op.text() + " " + Numbers.format(threshold);
    }
}
