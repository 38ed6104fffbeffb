package dev.pharos.query.alerting.template;

import dev.pharos.query.promql.ast.Numbers;
import dev.pharos.query.promql.storage.GoStrings;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Go's number and value printing as alert templates show it: strconv.FormatFloat for %e, %f and %g,
 * fmt.Sprint for {@code {{ $value }}}, and the subset of fmt.Sprintf that templates use. Rounding is
 * done on the exact binary value, half to even, as Go does; Java's own formatter rounds the shortest
 * decimal half up, which differs on values such as 0.125 or 1.005.
 */
public final class GoFormat {

    private GoFormat() {}

    /** strconv.FormatFloat(v, fmt, prec, 64) for fmt in e, E, f, g, G; prec -1 for the shortest that round-trips. */
    public static String formatFloat(double v, char fmt, int prec) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        boolean neg = Double.doubleToRawLongBits(v) < 0;
        double abs = Math.abs(v);
        boolean shortest = prec < 0;
        Digits d;
        char lower = Character.toLowerCase(fmt);
        if (shortest) {
            d = Digits.shortest(abs);
            prec = switch (lower) {
                case 'e' -> Math.max(d.nd() - 1, 0);
                case 'f' -> Math.max(d.nd() - d.dp(), 0);
                default -> d.nd();
            };
        } else {
            d = switch (lower) {
                case 'e' -> Digits.significant(abs, prec + 1);
                case 'f' -> Digits.decimals(abs, prec);
                default -> Digits.significant(abs, prec == 0 ? 1 : prec);
            };
            if (lower == 'g' && prec == 0) {
                prec = 1;
            }
        }
        StringBuilder sb = new StringBuilder();
        if (neg) {
            sb.append('-');
        }
        switch (lower) {
            case 'e' -> fmtE(sb, d, prec, fmt == 'E' ? 'E' : 'e');
            case 'f' -> fmtF(sb, d, prec);
            default -> {
                int eprec = prec;
                if (eprec > d.nd() && d.nd() >= d.dp()) {
                    eprec = d.nd();
                }
                if (shortest) {
                    eprec = 6;
                }
                int exp = d.dp() - 1;
                if (exp < -4 || exp >= eprec) {
                    fmtE(sb, d, Math.min(prec, d.nd()) - 1, fmt == 'G' ? 'E' : 'e');
                } else {
                    fmtF(sb, d, Math.max((prec > d.dp() ? d.nd() : prec) - d.dp(), 0));
                }
            }
        }
        return sb.toString();
    }

    /** Decimal digits without trailing zeros and the position of the decimal point, like strconv's decimalSlice. */
    private record Digits(String digits, int dp) {
        int nd() {
            return digits.length();
        }

        char at(int i) {
            return i >= 0 && i < digits.length() ? digits.charAt(i) : '0';
        }

        static Digits of(BigDecimal bd) {
            if (bd.signum() == 0) {
                return new Digits("", 0);
            }
            BigDecimal s = bd.stripTrailingZeros();
            String digits = s.unscaledValue().toString();
            return new Digits(digits, digits.length() - s.scale());
        }

        static Digits shortest(double abs) {
            return abs == 0 ? new Digits("", 0) : of(new BigDecimal(Double.toString(abs)));
        }

        static Digits significant(double abs, int n) {
            return abs == 0 ? new Digits("", 0) : of(new BigDecimal(abs).round(new MathContext(n, RoundingMode.HALF_EVEN)));
        }

        static Digits decimals(double abs, int n) {
            return of(new BigDecimal(abs).setScale(n, RoundingMode.HALF_EVEN));
        }
    }

    private static void fmtE(StringBuilder sb, Digits d, int prec, char e) {
        sb.append(d.nd() == 0 ? '0' : d.digits().charAt(0));
        if (prec > 0) {
            sb.append('.');
            for (int i = 1; i <= prec; i++) {
                sb.append(d.at(i));
            }
        }
        int exp = d.nd() == 0 ? 0 : d.dp() - 1;
        sb.append(e).append(exp < 0 ? '-' : '+');
        int a = Math.abs(exp);
        if (a < 10) {
            sb.append('0');
        }
        sb.append(a);
    }

    private static void fmtF(StringBuilder sb, Digits d, int prec) {
        if (d.dp() > 0) {
            for (int i = 0; i < d.dp(); i++) {
                sb.append(d.at(i));
            }
        } else {
            sb.append('0');
        }
        if (prec > 0) {
            sb.append('.');
            for (int i = 1; i <= prec; i++) {
                sb.append(d.at(d.dp() + i - 1));
            }
        }
    }

    /** fmt.Sprint of one value, as a template action prints it. */
    public static String print(Object o) {
        return switch (o) {
            case null -> "<nil>";
            case String s -> s;
            case Double dbl -> Numbers.formatG(dbl);
            case Long l -> Long.toString(l);
            case Boolean b -> b.toString();
            case Map<?, ?> m -> {
                StringBuilder sb = new StringBuilder("map[");
                boolean first = true;
                for (Map.Entry<?, ?> e : sorted(m).entrySet()) {
                    if (!first) {
                        sb.append(' ');
                    }
                    first = false;
                    sb.append(print(e.getKey())).append(':').append(print(e.getValue()));
                }
                yield sb.append(']').toString();
            }
            case List<?> list -> {
                StringBuilder sb = new StringBuilder("[");
                for (int i = 0; i < list.size(); i++) {
                    if (i > 0) {
                        sb.append(' ');
                    }
                    sb.append(print(list.get(i)));
                }
                yield sb.append(']').toString();
            }
            default -> o.toString();
        };
    }

    /** Go prints maps with their keys sorted. */
    static Map<?, ?> sorted(Map<?, ?> m) {
        Map<String, Object> out = new TreeMap<>(GoStrings::compare);
        m.forEach((k, v) -> out.put(String.valueOf(k), v));
        return out;
    }

    /** fmt.Sprint of several values: a space between two operands when neither is a string. */
    public static String sprint(List<Object> args) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < args.size(); i++) {
            if (i > 0 && !(args.get(i) instanceof String) && !(args.get(i - 1) instanceof String)) {
                sb.append(' ');
            }
            sb.append(print(args.get(i)));
        }
        return sb.toString();
    }

    /** fmt.Sprintln: spaces between all operands and a newline. */
    public static String sprintln(List<Object> args) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < args.size(); i++) {
            if (i > 0) {
                sb.append(' ');
            }
            sb.append(print(args.get(i)));
        }
        return sb.append('\n').toString();
    }

    /** The Go type name used in fmt's error strings such as {@code %!d(float64=1.5)}. */
    static String typeName(Object o) {
        return switch (o) {
            case null -> "<nil>";
            case String s -> "string";
            case Double d -> "float64";
            case Long l -> "int";
            case Boolean b -> "bool";
            case Map<?, ?> m -> "map[string]string";
            case List<?> l -> "[]interface {}";
            default -> o.getClass().getSimpleName();
        };
    }

    /** fmt.Sprintf for the verbs templates use: %v %s %q %d %f %F %e %E %g %G %x %X %t %%, with flags - + 0 and space, width and precision. */
    public static String sprintf(String format, List<Object> args) {
        StringBuilder out = new StringBuilder();
        int argi = 0;
        int i = 0;
        while (i < format.length()) {
            char c = format.charAt(i);
            if (c != '%') {
                out.append(c);
                i++;
                continue;
            }
            i++;
            if (i >= format.length()) {
                out.append("%!(NOVERB)");
                break;
            }
            boolean minus = false;
            boolean plus = false;
            boolean zero = false;
            boolean space = false;
            for (; i < format.length(); i++) {
                char f = format.charAt(i);
                if (f == '-') {
                    minus = true;
                } else if (f == '+') {
                    plus = true;
                } else if (f == '0') {
                    zero = true;
                } else if (f == ' ') {
                    space = true;
                } else if (f != '#') {
                    break;
                }
            }
            int width = -1;
            int start = i;
            while (i < format.length() && Character.isDigit(format.charAt(i))) {
                i++;
            }
            if (i > start) {
                width = Integer.parseInt(format.substring(start, i));
            }
            int prec = -1;
            if (i < format.length() && format.charAt(i) == '.') {
                i++;
                start = i;
                while (i < format.length() && Character.isDigit(format.charAt(i))) {
                    i++;
                }
                prec = i > start ? Integer.parseInt(format.substring(start, i)) : 0;
            }
            if (i >= format.length()) {
                out.append("%!(NOVERB)");
                break;
            }
            char verb = format.charAt(i++);
            if (verb == '%') {
                out.append('%');
                continue;
            }
            if (argi >= args.size()) {
                out.append("%!").append(verb).append("(MISSING)");
                continue;
            }
            Object arg = args.get(argi++);
            String text = formatOne(verb, arg, prec, plus, space);
            boolean numeric = arg instanceof Double || arg instanceof Long;
            out.append(pad(text, width, minus, zero && !minus && numeric));
        }
        if (argi < args.size()) {
            out.append("%!(EXTRA ");
            for (int k = argi; k < args.size(); k++) {
                if (k > argi) {
                    out.append(", ");
                }
                out.append(typeName(args.get(k))).append('=').append(print(args.get(k)));
            }
            out.append(')');
        }
        return out.toString();
    }

    private static String formatOne(char verb, Object arg, int prec, boolean plus, boolean space) {
        String bad = "%!" + verb + "(" + typeName(arg) + "=" + print(arg) + ")";
        String s = switch (verb) {
            case 'v' -> arg instanceof Double d && prec >= 0 ? formatFloat(d, 'g', prec) : print(arg);
            case 's' -> arg instanceof String str ? (prec >= 0 && prec < str.length() ? str.substring(0, prec) : str)
                    : arg instanceof Double || arg instanceof Long || arg instanceof Boolean ? bad : print(arg);
            case 'q' -> arg instanceof String str ? GoStrings.quote(str) : arg instanceof Long l ? "'" + (char) l.intValue() + "'" : bad;
            case 'd' -> arg instanceof Long l ? Long.toString(l) : bad;
            case 'f', 'F' -> arg instanceof Double d ? formatFloat(d, 'f', prec < 0 ? 6 : prec) : bad;
            case 'e', 'E' -> arg instanceof Double d ? formatFloat(d, verb, prec < 0 ? 6 : prec) : bad;
            case 'g', 'G' -> arg instanceof Double d ? formatFloat(d, verb, prec) : bad;
            case 'x', 'X' -> {
                String h = switch (arg) {
                    case Long l -> Long.toHexString(l);
                    case String str -> hex(str.getBytes(StandardCharsets.UTF_8));
                    default -> null;
                };
                yield h == null ? bad : verb == 'X' ? h.toUpperCase(java.util.Locale.ROOT) : h;
            }
            case 't' -> arg instanceof Boolean b ? b.toString() : bad;
            default -> "%!" + verb + "(" + typeName(arg) + "=" + print(arg) + ")";
        };
        boolean signed = verb == 'd' || verb == 'f' || verb == 'F' || verb == 'e' || verb == 'E' || verb == 'g' || verb == 'G'
                || (verb == 'v' && (arg instanceof Double || arg instanceof Long));
        if (signed && !s.startsWith("%!") && !s.startsWith("-")) {
            if (plus) {
                s = "+" + s;
            } else if (space) {
                s = " " + s;
            }
        }
        return s;
    }

    private static String hex(byte[] bytes) {
        StringBuilder sb = new StringBuilder();
        for (byte b : bytes) {
            sb.append(Character.forDigit((b >> 4) & 0xF, 16)).append(Character.forDigit(b & 0xF, 16));
        }
        return sb.toString();
    }

    private static String pad(String s, int width, boolean left, boolean zeros) {
        int n = s.codePointCount(0, s.length());
        if (width <= n) {
            return s;
        }
        String fill = (zeros ? "0" : " ").repeat(width - n);
        if (left) {
            return s + fill;
        }
        if (zeros && (s.startsWith("-") || s.startsWith("+"))) {
            return s.charAt(0) + fill + s.substring(1);
        }
        return fill + s;
    }
}
