package dev.pharos.process.dataset;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * One test of a dataset rule: a resource or record attribute equals one of some values, or matches
 * a regular expression (anchored: it must match the whole value). An absent attribute matches
 * nothing, not even the empty string.
 *
 * @param field as written in the config: {@code resource.<key>}, {@code attr.<key>} or {@code service} (= {@code resource.service.name})
 * @param values the accepted values; empty when {@code regex} is set
 */
public record Condition(String field, On on, String key, Set<String> values, Pattern regex) {

    /** Where the attribute is looked up. */
    public enum On { RESOURCE, RECORD }

    public Condition {
        values = Set.copyOf(values);
        if (values.isEmpty() == (regex == null)) {
            throw new IllegalArgumentException("condition on " + field + " needs values or a regex, not both");
        }
    }

    /**
     * Parses the config's form.
     *
     * @throws IllegalArgumentException naming the field and what is accepted
     */
    public static Condition of(String field, List<String> anyOf, String regex) {
        String f = field == null ? "" : field.strip();
        On on;
        String key;
        if (f.equals("service") || f.equals("service.name")) {
            on = On.RESOURCE;
            key = "service.name";
        } else if (f.toLowerCase(Locale.ROOT).startsWith("resource.") && f.length() > 9) {
            on = On.RESOURCE;
            key = f.substring(9);
        } else if ((f.startsWith("attr.") && f.length() > 5)) {
            on = On.RECORD;
            key = f.substring(5);
        } else {
            throw new IllegalArgumentException("unknown match field '" + field + "'; use service, resource.<key> or attr.<key>"
                    + " (e.g. resource.k8s.namespace.name, attr.component)");
        }
        Pattern p = null;
        if (regex != null) {
            try {
                p = Pattern.compile(regex);
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException("match on " + f + ": invalid regex: " + e.getDescription() + " in " + regex);
            }
        }
        if ((anyOf == null || anyOf.isEmpty()) && p == null) {
            throw new IllegalArgumentException("match on " + f + ": give a value, a list of values, or {regex: ...}");
        }
        return new Condition(f, on, key, anyOf == null ? Set.of() : Set.copyOf(anyOf), p);
    }

    public boolean test(String value) {
        if (value == null) {
            return false;
        }
        return regex != null ? regex.matcher(value).matches() : values.contains(value);
    }

    /** Whether every value this condition accepts, {@code other} accepts too (so a rule made of it is at least as strict). */
    boolean narrowerOrEqual(Condition other) {
        if (on != other.on || !key.equals(other.key)) {
            return false;
        }
        if (regex != null || other.regex != null) {
            return regex != null && other.regex != null && regex.pattern().equals(other.regex.pattern())
                    || regex == null && values.stream().allMatch(other::test);
        }
        return other.values.containsAll(values);
    }
}
