package dev.pharos.query.alerting.template;

import dev.pharos.query.promql.ast.Durations;
import dev.pharos.query.promql.storage.GoStrings;
import dev.pharos.query.promql.storage.Re2Translator;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The functions of Prometheus alert templates: Go's builtins (and, or, not, len, index, print,
 * printf, println, urlquery, html, eq, ne, lt, le, gt, ge) and Prometheus's own (humanize...,
 * title, toUpper, toLower, match, reReplaceAll, query, first, label, value, ...).
 *
 * <p>One deliberate difference: Go refuses to compare an int with a float ({@code gt $value 10} is
 * "incompatible types for comparison" there, users must write 10.0); here numbers compare by value.
 */
final class TemplateFunctions {

    static final Set<String> NAMES = Set.of("and", "or", "not", "len", "index", "print", "printf", "println", "urlquery", "html",
            "eq", "ne", "lt", "le", "gt", "ge",
            "humanize", "humanize1024", "humanizeDuration", "humanizePercentage", "humanizeTimestamp", "toTime",
            "title", "toUpper", "toLower", "match", "reReplaceAll", "safeHtml", "stripPort", "stripDomain", "parseDuration",
            "query", "first", "label", "value", "strvalue", "sortByLabel", "args", "graphLink", "tableLink", "externalURL", "pathPrefix");

    /** Map lookups that miss: printed as Go prints an invalid value. */
    static final Object NO_VALUE = new Object() {
        @Override
        public String toString() {
            return "<no value>";
        }
    };

    private TemplateFunctions() {}

    static Object call(String name, List<Object> args, TemplateData data) {
        return switch (name) {
            case "and" -> {
                atLeast(name, args, 1);
                Object last = null;
                for (Object a : args) {
                    last = a;
                    if (!truth(a)) {
                        break;
                    }
                }
                yield last;
            }
            case "or" -> {
                atLeast(name, args, 1);
                Object last = null;
                for (Object a : args) {
                    last = a;
                    if (truth(a)) {
                        break;
                    }
                }
                yield last;
            }
            case "not" -> !truth(one(name, args));
            case "len" -> length(one(name, args));
            case "index" -> index(args);
            case "print" -> GoFormat.sprint(args);
            case "println" -> GoFormat.sprintln(args);
            case "printf" -> {
                atLeast(name, args, 1);
                yield GoFormat.sprintf(string(args.getFirst()), args.subList(1, args.size()));
            }
            case "urlquery" -> queryEscape(GoFormat.sprint(args));
            case "html" -> html(GoFormat.sprint(args));
            case "eq" -> {
                atLeast(name, args, 2);
                boolean any = false;
                for (Object other : args.subList(1, args.size())) {
                    any |= compare(args.getFirst(), other, true) == 0;
                }
                yield any;
            }
            case "ne" -> compare(two(name, args)[0], args.get(1), true) != 0;
            case "lt" -> compare(two(name, args)[0], args.get(1), false) < 0;
            case "le" -> compare(two(name, args)[0], args.get(1), false) <= 0;
            case "gt" -> compare(two(name, args)[0], args.get(1), false) > 0;
            case "ge" -> compare(two(name, args)[0], args.get(1), false) >= 0;
            case "humanize" -> Humanize.humanize(toFloat(one(name, args)));
            case "humanize1024" -> Humanize.humanize1024(toFloat(one(name, args)));
            case "humanizeDuration" -> Humanize.humanizeDuration(toFloat(one(name, args)));
            case "humanizePercentage" -> Humanize.humanizePercentage(toFloat(one(name, args)));
            case "humanizeTimestamp" -> Humanize.humanizeTimestamp(toFloat(one(name, args)));
            case "toTime" -> {
                double v = toFloat(one(name, args));
                yield new GoTime(Instant.ofEpochMilli(Math.floorDiv((long) (v * 1e9), 1_000_000L)));
            }
            case "title" -> title(string(one(name, args)));
            case "toUpper" -> mapCodePoints(string(one(name, args)), true);
            case "toLower" -> mapCodePoints(string(one(name, args)), false);
            case "match" -> regex(string(two(name, args)[0])).matcher(string(args.get(1))).find();
            case "reReplaceAll" -> {
                exactly(name, args, 3);
                yield replaceAll(regex(string(args.get(0))), string(args.get(1)), string(args.get(2)));
            }
            case "safeHtml" -> string(one(name, args));
            case "stripPort" -> stripPort(string(one(name, args)));
            case "stripDomain" -> stripDomain(string(one(name, args)));
            case "parseDuration" -> {
                String s = string(one(name, args));
                try {
                    yield Durations.parse(s) / 1000.0;
                } catch (IllegalArgumentException e) {
                    throw new TemplateException("not a valid duration string: \"" + s + "\"");
                }
            }
            case "query" -> query(string(one(name, args)), data);
            case "first" -> {
                Object v = one(name, args);
                if (!(v instanceof List<?> list) || list.isEmpty()) {
                    throw new TemplateException("first() called on vector with no elements");
                }
                yield list.getFirst();
            }
            case "label" -> {
                Object s = two(name, args)[1];
                yield labelOf(s, string(args.getFirst()));
            }
            case "value" -> one(name, args) instanceof Map<?, ?> m && m.get("Value") instanceof Double d ? d : 0.0;
            case "strvalue" -> labelOf(one(name, args), "__value__");
            case "sortByLabel" -> sortByLabel(string(two(name, args)[0]), args.get(1));
            case "args" -> {
                Map<String, Object> m = new LinkedHashMap<>();
                for (int i = 0; i < args.size(); i++) {
                    m.put("arg" + i, args.get(i));
                }
                yield m;
            }
            case "graphLink" -> "/graph?g0.expr=" + queryEscape(string(one(name, args))) + "&g0.tab=0";
            case "tableLink" -> "/graph?g0.expr=" + queryEscape(string(one(name, args))) + "&g0.tab=1";
            case "externalURL" -> {
                exactly(name, args, 0);
                yield data.externalURL();
            }
            case "pathPrefix" -> {
                exactly(name, args, 0);
                try {
                    String path = URI.create(data.externalURL()).getPath();
                    yield path == null ? "" : path;
                } catch (IllegalArgumentException e) {
                    yield "";
                }
            }
            default -> throw new TemplateException("function \"" + name + "\" not defined");
        };
    }

    /** A time.Time value: printed as Go prints one. */
    record GoTime(Instant instant) {
        @Override
        public String toString() {
            return Humanize.goTime(instant);
        }
    }

    private static void exactly(String name, List<Object> args, int n) {
        if (args.size() != n) {
            throw new TemplateException("wrong number of args for " + name + ": want " + n + " got " + args.size());
        }
    }

    private static void atLeast(String name, List<Object> args, int n) {
        if (args.size() < n) {
            throw new TemplateException("wrong number of args for " + name + ": want at least " + n + " got " + args.size());
        }
    }

    private static Object one(String name, List<Object> args) {
        exactly(name, args, 1);
        return args.getFirst();
    }

    private static Object[] two(String name, List<Object> args) {
        exactly(name, args, 2);
        return args.toArray();
    }

    static boolean truth(Object o) {
        return switch (o) {
            case null -> false;
            case Boolean b -> b;
            case String s -> !s.isEmpty();
            case Long l -> l != 0;
            case Double d -> d != 0;
            case Map<?, ?> m -> !m.isEmpty();
            case List<?> l -> !l.isEmpty();
            default -> o != NO_VALUE;
        };
    }

    private static String string(Object o) {
        if (o instanceof String s) {
            return s;
        }
        throw new TemplateException("wrong type for value; expected string; got " + GoFormat.typeName(o));
    }

    /** Prometheus's convertToFloat: numbers as they are, strings parsed as Go parses floats. */
    static double toFloat(Object o) {
        return switch (o) {
            case Double d -> d;
            case Long l -> l;
            case String s -> parseGoFloat(s);
            default -> throw new TemplateException("can't convert " + GoFormat.typeName(o) + " to float");
        };
    }

    private static double parseGoFloat(String s) {
        String t = s.startsWith("+") || s.startsWith("-") ? s.substring(1) : s;
        String lower = t.toLowerCase(java.util.Locale.ROOT);
        boolean neg = s.startsWith("-");
        if (lower.equals("inf") || lower.equals("infinity")) {
            return neg ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        if (lower.equals("nan")) {
            return Double.NaN;
        }
        boolean ok = !t.isEmpty() && t.chars().allMatch(c -> Character.isDigit(c) || c == '.' || c == 'e' || c == 'E' || c == '+' || c == '-');
        try {
            if (ok) {
                return Double.parseDouble(s);
            }
        } catch (NumberFormatException e) {
            // falls through to Go's message
        }
        throw new TemplateException("strconv.ParseFloat: parsing " + GoStrings.quote(s) + ": invalid syntax");
    }

    private static long length(Object o) {
        return switch (o) {
            case String s -> s.getBytes(StandardCharsets.UTF_8).length;
            case Map<?, ?> m -> m.size();
            case List<?> l -> l.size();
            default -> throw new TemplateException("len of type " + GoFormat.typeName(o));
        };
    }

    private static Object index(List<Object> args) {
        if (args.isEmpty()) {
            throw new TemplateException("wrong number of args for index: want at least 1 got 0");
        }
        Object v = args.getFirst();
        for (Object key : args.subList(1, args.size())) {
            if (v instanceof Map<?, ?> m) {
                Object got = m.get(GoFormat.print(key));
                // A missing key gives the map's zero value: "" for label maps.
                v = got == null ? "" : got;
            } else if (v instanceof List<?> l && key instanceof Long i) {
                if (i < 0 || i >= l.size()) {
                    throw new TemplateException("error calling index: index out of range: " + i);
                }
                v = l.get(i.intValue());
            } else {
                throw new TemplateException("can't index item of type " + GoFormat.typeName(v));
            }
        }
        return v;
    }

    /** Numbers compare by value, strings byte-wise, booleans only for (in)equality. */
    static int compare(Object a, Object b, boolean equality) {
        if ((a instanceof Double || a instanceof Long) && (b instanceof Double || b instanceof Long)) {
            if (a instanceof Long x && b instanceof Long y) {
                return Long.compare(x, y);
            }
            double x = ((Number) a).doubleValue();
            double y = ((Number) b).doubleValue();
            if (Double.isNaN(x) || Double.isNaN(y)) {
                return equality ? 1 : x < y ? -1 : x > y ? 1 : 2;
            }
            return Double.compare(x == 0 ? 0.0 : x, y == 0 ? 0.0 : y);
        }
        if (a instanceof String x && b instanceof String y) {
            return GoStrings.compare(x, y);
        }
        if (equality && a instanceof Boolean x && b instanceof Boolean y) {
            return x.equals(y) ? 0 : 1;
        }
        if (equality && (a == null || a == NO_VALUE) && (b == null || b == NO_VALUE)) {
            return 0;
        }
        throw new TemplateException("incompatible types for comparison");
    }

    private static Pattern regex(String re) {
        try {
            // RE2 syntax ((?P<name>...), \z, ...) as Go's regexp reads it.
            return Pattern.compile(Re2Translator.translate(re), Pattern.UNIX_LINES);
        } catch (PatternSyntaxException e) {
            throw new TemplateException("error parsing regexp: " + e.getDescription() + ": `" + re + "`");
        }
    }

    /** Go's Regexp.ReplaceAllString: $1, ${1}, $name and ${name} expand, $$ is a dollar, unknown groups are empty. */
    static String replaceAll(Pattern p, String repl, String text) {
        Matcher m = p.matcher(text);
        StringBuilder out = new StringBuilder();
        int last = 0;
        int previousEnd = -1;
        while (m.find()) {
            // Go ignores an empty match that abuts the preceding match.
            if (m.start() == m.end() && m.start() == previousEnd) {
                continue;
            }
            out.append(text, last, m.start());
            expand(m, repl, out);
            last = m.end();
            previousEnd = m.end();
        }
        return out.append(text, last, text.length()).toString();
    }

    private static void expand(Matcher m, String repl, StringBuilder out) {
        int i = 0;
        while (i < repl.length()) {
            char c = repl.charAt(i);
            if (c != '$' || i + 1 >= repl.length()) {
                out.append(c);
                i++;
                continue;
            }
            if (repl.charAt(i + 1) == '$') {
                out.append('$');
                i += 2;
                continue;
            }
            String name;
            if (repl.charAt(i + 1) == '{') {
                int close = repl.indexOf('}', i + 2);
                if (close < 0) {
                    out.append(c);
                    i++;
                    continue;
                }
                name = repl.substring(i + 2, close);
                i = close + 1;
            } else {
                int end = i + 1;
                while (end < repl.length() && (Character.isLetterOrDigit(repl.charAt(end)) || repl.charAt(end) == '_')) {
                    end++;
                }
                if (end == i + 1) {
                    out.append(c);
                    i++;
                    continue;
                }
                name = repl.substring(i + 1, end);
                i = end;
            }
            out.append(group(m, name));
        }
    }

    private static String group(Matcher m, String name) {
        try {
            String g = name.chars().allMatch(Character::isDigit) ? (Integer.parseInt(name) <= m.groupCount() ? m.group(Integer.parseInt(name)) : null)
                    : m.group(name);
            return g == null ? "" : g;
        } catch (IllegalArgumentException e) {
            return "";
        }
    }

    /** strings.Title: the first letter of each word upper-cased; words are split at spaces and ASCII punctuation. */
    static String title(String s) {
        StringBuilder sb = new StringBuilder();
        int prev = ' ';
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            sb.appendCodePoint(isSeparator(prev) ? Character.toTitleCase(cp) : cp);
            prev = cp;
            i += Character.charCount(cp);
        }
        return sb.toString();
    }

    private static boolean isSeparator(int r) {
        if (r <= 0x7F) {
            return !((r >= '0' && r <= '9') || (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z') || r == '_');
        }
        if (Character.isLetter(r) || Character.isDigit(r)) {
            return false;
        }
        return Character.isWhitespace(r) || Character.isSpaceChar(r);
    }

    private static String mapCodePoints(String s, boolean upper) {
        StringBuilder sb = new StringBuilder(s.length());
        s.codePoints().forEach(cp -> sb.appendCodePoint(upper ? Character.toUpperCase(cp) : Character.toLowerCase(cp)));
        return sb.toString();
    }

    /** Go's url.QueryEscape. */
    static String queryEscape(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("*", "%2A").replace("%7E", "~");
    }

    private static String html(String s) {
        StringBuilder sb = new StringBuilder();
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '\'' -> sb.append("&#39;");
                case '"' -> sb.append("&#34;");
                case '\0' -> sb.append("\uFFFD");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    /** net.SplitHostPort's host, or the input when it has no port. */
    static String stripPort(String hostPort) {
        String[] hp = splitHostPort(hostPort);
        return hp == null ? hostPort : hp[0];
    }

    static String stripDomain(String hostPort) {
        String[] hp = splitHostPort(hostPort);
        String host = hp == null ? hostPort : hp[0];
        String port = hp == null ? "" : hp[1];
        if (isIp(host)) {
            return hostPort;
        }
        int dot = host.indexOf('.');
        if (dot >= 0) {
            host = host.substring(0, dot);
        }
        return port.isEmpty() ? host : host + ":" + port;
    }

    private static boolean isIp(String host) {
        return host.matches("\\d{1,3}(\\.\\d{1,3}){3}") || (host.contains(":") && host.matches("[0-9a-fA-F:.]+"));
    }

    private static String[] splitHostPort(String s) {
        if (s.startsWith("[")) {
            int close = s.indexOf(']');
            if (close < 0 || close + 1 >= s.length() || s.charAt(close + 1) != ':') {
                return null;
            }
            return new String[] {s.substring(1, close), s.substring(close + 2)};
        }
        int colon = s.lastIndexOf(':');
        if (colon < 0 || s.indexOf(':') != colon) {
            return null;
        }
        return new String[] {s.substring(0, colon), s.substring(colon + 1)};
    }

    private static List<Object> query(String expr, TemplateData data) {
        if (data.query() == null) {
            throw new TemplateException("error calling query: queries are not available here");
        }
        try {
            List<Object> out = new ArrayList<>();
            for (TemplateData.QuerySample s : data.query().query(expr)) {
                out.add(TemplateData.sample(s));
            }
            return out;
        } catch (TemplateException e) {
            throw e;
        } catch (Exception e) {
            throw new TemplateException("error calling query: " + e.getMessage(), e);
        }
    }

    /** A label of a query sample, "" when absent. */
    private static String labelOf(Object sample, String label) {
        if (sample instanceof Map<?, ?> m && m.get("Labels") instanceof Map<?, ?> labels && labels.get(label) instanceof String v) {
            return v;
        }
        return "";
    }

    private static List<Object> sortByLabel(String label, Object v) {
        if (!(v instanceof List<?> list)) {
            throw new TemplateException("sortByLabel: expected a query result");
        }
        List<Object> out = new ArrayList<>(list);
        out.sort(Comparator.comparing(o -> labelOf(o, label), GoStrings::compare));
        return out;
    }
}
