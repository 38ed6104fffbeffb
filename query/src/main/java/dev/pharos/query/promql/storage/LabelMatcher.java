package dev.pharos.query.promql.storage;

import java.util.Objects;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * One label matcher of a selector, e.g. {@code job=~"api|web"}. A series without the label matches as if the label
 * had the empty value. Regexes are fully anchored and '.' matches newlines, as in Prometheus.
 */
public final class LabelMatcher {

    public enum Type {
        EQUAL("="), NOT_EQUAL("!="), REGEX("=~"), NOT_REGEX("!~");

        private final String op;

        Type(String op) {
            this.op = op;
        }

        public String op() {
            return op;
        }
    }

    private final Type type;
    private final String name;
    private final String value;
    private final Pattern pattern;
    private final RegexShortcut shortcut;

    private enum RegexShortcut { NONE, ANY, NON_EMPTY, LITERAL }

    private LabelMatcher(Type type, String name, String value) {
        this.type = Objects.requireNonNull(type);
        this.name = Objects.requireNonNull(name);
        this.value = Objects.requireNonNull(value);
        if (type == Type.REGEX || type == Type.NOT_REGEX) {
            this.pattern = Re2Translator.compileAnchored(value);
            this.shortcut = shortcutFor(value);
        } else {
            this.pattern = null;
            this.shortcut = RegexShortcut.NONE;
        }
    }

    /**
     * @throws IllegalArgumentException when a regex does not compile
     */
    public static LabelMatcher of(Type type, String name, String value) {
        try {
            return new LabelMatcher(type, name, value);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("invalid regular expression " + GoStrings.quote(value) + ": "
                    + e.getDescription(), e);
        }
    }

    public static LabelMatcher equal(String name, String value) {
        return of(Type.EQUAL, name, value);
    }

    public Type type() {
        return type;
    }

    public String name() {
        return name;
    }

    public String value() {
        return value;
    }

    /** The compiled anchored pattern for regex matchers, null otherwise. */
    public Pattern pattern() {
        return pattern;
    }

    public boolean matches(String s) {
        String v = s == null ? "" : s;
        return switch (type) {
            case EQUAL -> v.equals(value);
            case NOT_EQUAL -> !v.equals(value);
            case REGEX -> regexMatches(v);
            case NOT_REGEX -> !regexMatches(v);
        };
    }

    private boolean regexMatches(String v) {
        return switch (shortcut) {
            case ANY -> true;
            case NON_EMPTY -> !v.isEmpty();
            case LITERAL -> v.equals(value);
            case NONE -> pattern.matcher(v).matches();
        };
    }

    private static RegexShortcut shortcutFor(String re) {
        if (re.equals(".*")) {
            return RegexShortcut.ANY;
        }
        if (re.equals(".+")) {
            return RegexShortcut.NON_EMPTY;
        }
        for (int i = 0; i < re.length(); i++) {
            if ("\\.+*?()|[]{}^$".indexOf(re.charAt(i)) >= 0) {
                return RegexShortcut.NONE;
            }
        }
        return RegexShortcut.LITERAL;
    }

    /** True when this matcher accepts the empty value, i.e. also series without the label. */
    public boolean matchesEmpty() {
        return matches("");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LabelMatcher m && m.type == type && m.name.equals(name) && m.value.equals(value);
    }

    @Override
    public int hashCode() {
        return Objects.hash(type, name, value);
    }

    /** PromQL form, e.g. {@code job=~"api.*"}. */
    @Override
    public String toString() {
        String n = LabelNames.isLegacy(name) ? name : GoStrings.quote(name);
        return n + type.op + GoStrings.quote(value);
    }
}
