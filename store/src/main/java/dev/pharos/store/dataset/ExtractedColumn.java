package dev.pharos.store.dataset;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A column of a dataset table filled inside the engine by the dataset's materialized view, from an
 * attribute or from a field of a JSON body.
 *
 * @param name column name, a plain identifier not taken by the base log columns
 * @param type one of {@link #TYPES}
 * @param source {@code attr.<key>}, {@code resource.<key>}, {@code scope.<key>}, {@code body} or
 *     {@code body.<field>[.<field>...]} (a path into a JSON object body)
 */
public record ExtractedColumn(String name, String type, String source) {

    static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");
    private static final Pattern DATETIME64 = Pattern.compile("DateTime64\\([369]\\)");

    /** The types a column may have: enough for what logs carry, and each has a lenient conversion from text. */
    public static final List<String> TYPES = List.of("String", "LowCardinality(String)", "Bool", "UInt8", "UInt16", "UInt32", "UInt64",
            "Int8", "Int16", "Int32", "Int64", "Float32", "Float64", "DateTime", "DateTime64(3)", "DateTime64(6)", "DateTime64(9)");

    private static final Set<String> NUMERIC = Set.of("UInt8", "UInt16", "UInt32", "UInt64", "Int8", "Int16", "Int32", "Int64",
            "Float32", "Float64");

    public ExtractedColumn {
        if (name == null || !IDENTIFIER.matcher(name).matches()) {
            throw new IllegalArgumentException("column name must be a plain identifier (letters, digits, _), got: " + name);
        }
        if (LogColumns.NAMES.contains(name) || name.equalsIgnoreCase("Dataset")) {
            throw new IllegalArgumentException("column " + name + " is one of the base log columns; choose another name");
        }
        type = type == null ? "String" : type.strip();
        if (!TYPES.contains(type)) {
            throw new IllegalArgumentException("column " + name + ": unsupported type " + type + "; use one of " + TYPES);
        }
        if (source == null || source.isBlank()) {
            throw new IllegalArgumentException("column " + name + ": 'from' is required (attr.<key>, resource.<key>, scope.<key>, body or body.<field>)");
        }
        textExpression(source, name);
    }

    /** The column as it appears in CREATE TABLE. */
    String ddl() {
        String codec = type.startsWith("DateTime") ? "CODEC(Delta, ZSTD(1))" : "CODEC(ZSTD(1))";
        return name + " " + type + " " + codec;
    }

    /** The SELECT expression of the materialized view: the source's text, converted leniently (bad text gives the type's default). */
    String selectExpression() {
        String text = textExpression(source, name);
        String converted = switch (type) {
            case "String", "LowCardinality(String)" -> text;
            case "Bool" -> "lower(" + text + ") IN ('true', '1', 'yes')";
            case "DateTime" -> "parseDateTimeBestEffortOrZero(" + text + ")";
            default -> {
                if (DATETIME64.matcher(type).matches()) {
                    yield "parseDateTime64BestEffortOrZero(" + text + ", " + type.charAt(11) + ")";
                }
                if (NUMERIC.contains(type)) {
                    yield "accurateCastOrDefault(" + text + ", '" + type + "')";
                }
                throw new IllegalStateException("type checked in the constructor: " + type);
            }
        };
        return converted + " AS " + name;
    }

    /** The source as a String expression over the base columns; throws for an unknown syntax. */
    static String textExpression(String source, String column) {
        String s = source.strip();
        if (s.equals("body")) {
            return "Body";
        }
        int dot = s.indexOf('.');
        String prefix = dot < 0 ? s : s.substring(0, dot).toLowerCase(Locale.ROOT);
        String rest = dot < 0 ? "" : s.substring(dot + 1);
        if (rest.isEmpty()) {
            throw new IllegalArgumentException("column " + column + ": unknown source '" + source
                    + "'; use attr.<key>, resource.<key>, scope.<key>, body or body.<field>");
        }
        return switch (prefix) {
            case "attr", "attributes" -> "LogAttributes[" + quote(rest) + "]";
            case "resource" -> "ResourceAttributes[" + quote(rest) + "]";
            case "scope" -> "ScopeAttributes[" + quote(rest) + "]";
            case "body" -> {
                StringBuilder path = new StringBuilder();
                for (String part : rest.split("\\.", -1)) {
                    if (part.isEmpty()) {
                        throw new IllegalArgumentException("column " + column + ": empty field in body path '" + source + "'");
                    }
                    path.append(", ").append(quote(part));
                }
                // A JSON string comes back unquoted, anything else (numbers, booleans, objects) as its JSON text.
                yield "if(JSONType(Body" + path + ") = 'String', JSONExtractString(Body" + path + "), JSONExtractRaw(Body" + path + "))";
            }
            default -> throw new IllegalArgumentException("column " + column + ": unknown source '" + source
                    + "'; use attr.<key>, resource.<key>, scope.<key>, body or body.<field>");
        };
    }

    static String quote(String s) {
        return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }
}
