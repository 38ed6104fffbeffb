package dev.pharos.process.logs;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * {@code json_body}: a body holding a JSON object becomes attributes, one per field (nested
 * objects flattened with dots, arrays kept as JSON text), and the body becomes its message field
 * when it has one. Anything else is left as it is, including JSON that turns out to be malformed
 * half-way: no attribute of a half-read object is kept.
 */
final class JsonBodyProcessor implements LogProcessor {

    private static final JsonFactory JSON = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(32).build()).build();

    private final String prefix;
    private final List<String> messageFields;
    private final int maxFields;

    JsonBodyProcessor(String prefix, List<String> messageFields, int maxFields) {
        this.prefix = prefix;
        this.messageFields = List.copyOf(messageFields);
        this.maxFields = maxFields;
    }

    static JsonBodyProcessor from(Map<String, Object> options) {
        Options o = new Options("json_body", options, List.of("prefix", "messageFields", "maxFields"));
        return new JsonBodyProcessor(o.string("prefix", ""), o.strings("messageFields", List.of("message", "msg")), o.integer("maxFields", 64, 1, 1000));
    }

    @Override
    public void process(LogDraft record) {
        String body = record.body();
        int i = 0;
        while (i < body.length() && Character.isWhitespace(body.charAt(i))) {
            i++;
        }
        if (i == body.length() || body.charAt(i) != '{') {
            return;
        }
        Map<String, String> found = new java.util.LinkedHashMap<>();
        try (JsonParser p = JSON.createParser(body)) {
            p.nextToken();
            if (!readObject(p, "", found)) {
                return;
            }
            if (p.nextToken() != null) {
                return;
            }
        } catch (IOException | RuntimeException e) {
            return;
        }
        String message = null;
        for (String m : messageFields) {
            message = found.remove(m);
            if (message != null) {
                break;
            }
        }
        int added = 0;
        for (Map.Entry<String, String> e : found.entrySet()) {
            if (added++ == maxFields) {
                break;
            }
            record.attributes().put(prefix + e.getKey(), e.getValue());
        }
        if (message != null) {
            record.body(message);
        }
    }

    /** Reads the object the parser is at into {@code out}; false when it is not one. */
    private static boolean readObject(JsonParser p, String path, Map<String, String> out) throws IOException {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            return false;
        }
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = path + p.currentName();
            JsonToken t = p.nextToken();
            switch (t) {
                case START_OBJECT -> readObject(p, name + ".", out);
                case START_ARRAY -> {
                    StringBuilder sb = new StringBuilder();
                    copyArray(p, sb);
                    out.put(name, sb.toString());
                }
                case VALUE_NULL -> { }
                default -> out.put(name, p.getText());
            }
        }
        return true;
    }

    /** An array as compact JSON text: the attribute keeps it as the body had it. */
    private static void copyArray(JsonParser p, StringBuilder sb) throws IOException {
        int depth = 0;
        JsonToken t = p.currentToken();
        boolean needComma = false;
        do {
            switch (t) {
                case START_ARRAY, START_OBJECT -> {
                    if (needComma) {
                        sb.append(',');
                    }
                    sb.append(t == JsonToken.START_ARRAY ? '[' : '{');
                    depth++;
                    needComma = false;
                }
                case END_ARRAY, END_OBJECT -> {
                    sb.append(t == JsonToken.END_ARRAY ? ']' : '}');
                    depth--;
                    needComma = true;
                }
                case FIELD_NAME -> {
                    if (needComma) {
                        sb.append(',');
                    }
                    quote(p.currentName(), sb);
                    sb.append(':');
                    needComma = false;
                }
                case VALUE_STRING -> {
                    if (needComma) {
                        sb.append(',');
                    }
                    quote(p.getText(), sb);
                    needComma = true;
                }
                default -> {
                    if (needComma) {
                        sb.append(',');
                    }
                    sb.append(p.getText());
                    needComma = true;
                }
            }
            if (depth > 0) {
                t = p.nextToken();
            }
        } while (depth > 0);
    }

    private static void quote(String s, StringBuilder sb) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else if (c < 0x20) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        sb.append('"');
    }
}
