package dev.pharos.query.promql.storage;

import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Turns an RE2 (Go regexp) pattern into an equivalent java.util.regex pattern for the constructs that differ:
 * POSIX classes, {@code (?P<name>)}, literal '[' and '&' inside classes, a literal '{' that is not a repetition, and
 * '$' which in RE2 only matches at the very end.
 */
public final class Re2Translator {

    private static final Map<String, String> POSIX = Map.ofEntries(
            Map.entry("alnum", "Alnum"), Map.entry("alpha", "Alpha"), Map.entry("ascii", "ASCII"),
            Map.entry("blank", "Blank"), Map.entry("cntrl", "Cntrl"), Map.entry("digit", "Digit"),
            Map.entry("graph", "Graph"), Map.entry("lower", "Lower"), Map.entry("print", "Print"),
            Map.entry("punct", "Punct"), Map.entry("space", "Space"), Map.entry("upper", "Upper"),
            Map.entry("xdigit", "XDigit"));

    private Re2Translator() {}

    /**
     * Compiles a PromQL regex fully anchored, with '.' matching newlines as in Prometheus ({@code ^(?s:re)$}).
     *
     * @throws PatternSyntaxException when the pattern is invalid
     */
    public static Pattern compileAnchored(String re2) {
        return Pattern.compile("(?s:" + translate(re2) + ")", Pattern.UNIX_LINES | Pattern.UNICODE_CASE);
    }

    public static String translate(String re) {
        boolean multiline = re.matches("(?s).*\\(\\?[a-zA-Z]*m.*");
        StringBuilder out = new StringBuilder(re.length() + 8);
        int n = re.length();
        int i = 0;
        while (i < n) {
            char c = re.charAt(i);
            if (c == '\\') {
                if (i + 1 >= n) {
                    throw new PatternSyntaxException("trailing backslash at end of expression", re, i);
                }
                if (re.charAt(i + 1) == 'Q') {
                    int end = re.indexOf("\\E", i + 2);
                    int stop = end < 0 ? n : end + 2;
                    out.append(re, i, stop);
                    i = stop;
                    continue;
                }
                out.append(c).append(re.charAt(i + 1));
                i += 2;
                continue;
            }
            if (c == '[') {
                i = translateClass(re, i, out);
                continue;
            }
            if (c == '(' && re.startsWith("(?P<", i)) {
                out.append("(?<");
                i += 4;
                continue;
            }
            if (c == '$' && !multiline) {
                out.append("\\z");
                i++;
                continue;
            }
            if (c == '{' && !isRepetition(re, i)) {
                out.append("\\{");
                i++;
                continue;
            }
            out.append(c);
            i++;
        }
        return out.toString();
    }

    private static boolean isRepetition(String re, int i) {
        int j = i + 1;
        int digits = 0;
        while (j < re.length() && Character.isDigit(re.charAt(j))) {
            j++;
            digits++;
        }
        if (digits == 0 || j >= re.length()) {
            return false;
        }
        if (re.charAt(j) == '}') {
            return true;
        }
        if (re.charAt(j) != ',') {
            return false;
        }
        j++;
        while (j < re.length() && Character.isDigit(re.charAt(j))) {
            j++;
        }
        return j < re.length() && re.charAt(j) == '}';
    }

    private static int translateClass(String re, int start, StringBuilder out) {
        int n = re.length();
        int i = start + 1;
        out.append('[');
        if (i < n && re.charAt(i) == '^') {
            out.append('^');
            i++;
        }
        boolean first = true;
        while (i < n) {
            char c = re.charAt(i);
            if (c == ']' && !first) {
                out.append(']');
                return i + 1;
            }
            first = false;
            if (c == '\\' && i + 1 < n) {
                out.append(c).append(re.charAt(i + 1));
                i += 2;
                continue;
            }
            if (c == '[' && i + 1 < n && re.charAt(i + 1) == ':') {
                int end = re.indexOf(":]", i + 2);
                if (end > 0) {
                    String name = re.substring(i + 2, end);
                    boolean negated = name.startsWith("^");
                    if (negated) {
                        name = name.substring(1);
                    }
                    if (name.equals("word")) {
                        out.append(negated ? "\\W" : "\\w");
                        i = end + 2;
                        continue;
                    }
                    String java = POSIX.get(name);
                    if (java != null) {
                        out.append(negated ? "\\P{" : "\\p{").append(java).append('}');
                        i = end + 2;
                        continue;
                    }
                    throw new PatternSyntaxException("invalid character class range", re, i);
                }
            }
            if (c == '[' || c == ']' || c == '&') {
                out.append('\\').append(c);
                i++;
                continue;
            }
            out.append(c);
            i++;
        }
        throw new PatternSyntaxException("missing closing ]", re, start);
    }
}
