package dev.pharos.receive.otlp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import java.io.IOException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * OTLP/JSON (the spec's protobuf JSON mapping with one twist): trace and span ids are hex strings,
 * not base64 as proto3 JSON would have them. The document is read once into a tree, the ids are
 * rewritten to base64, and protobuf's own JSON parser builds the message (unknown fields ignored,
 * as the spec requires of receivers; enum names or numbers and int64 as strings or numbers accepted).
 */
final class OtlpJson {

    /** Fields holding ids, in the spec's lowerCamelCase and in the proto field names the spec also allows. */
    private static final Set<String> ID_FIELDS = Set.of("traceId", "spanId", "parentSpanId", "trace_id", "span_id", "parent_span_id");
    private static final int MAX_DEPTH = 128;

    private static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build())
            .build());
    private static final JsonFormat.Parser PARSER = JsonFormat.parser().ignoringUnknownFields();
    private static final JsonFormat.Printer PRINTER = JsonFormat.printer().omittingInsignificantWhitespace();

    private OtlpJson() {}

    static void merge(byte[] json, Message.Builder into) throws BadRequestException {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            String at = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
            throw malformed("invalid JSON" + at + ": " + e.getOriginalMessage().replaceAll(" \\(start marker at .*", ""));
        } catch (IOException e) {
            throw malformed("invalid JSON: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw malformed("the body must be a JSON object");
        }
        rewriteIds(root);
        try {
            PARSER.merge(root.toString(), into);
        } catch (InvalidProtocolBufferException | RuntimeException e) {
            throw malformed("JSON does not match the OTLP schema: " + e.getMessage());
        }
    }

    static byte[] print(Message m) {
        try {
            return PRINTER.print(m).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void rewriteIds(JsonNode node) throws BadRequestException {
        if (node instanceof ObjectNode obj) {
            Iterator<Map.Entry<String, JsonNode>> fields = obj.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> f = fields.next();
                if (ID_FIELDS.contains(f.getKey()) && f.getValue().isTextual()) {
                    f.setValue(new TextNode(hexToBase64(f.getKey(), f.getValue().textValue())));
                } else {
                    rewriteIds(f.getValue());
                }
            }
        } else if (node instanceof ArrayNode arr) {
            for (JsonNode child : arr) {
                rewriteIds(child);
            }
        }
    }

    private static String hexToBase64(String field, String hex) throws BadRequestException {
        try {
            return Base64.getEncoder().encodeToString(HexFormat.of().parseHex(hex));
        } catch (IllegalArgumentException e) {
            throw malformed(field + " must be a hex string, got '" + (hex.length() > 40 ? hex.substring(0, 40) + "..." : hex) + "'");
        }
    }

    private static BadRequestException malformed(String message) {
        return new BadRequestException(BadRequestException.Kind.MALFORMED, message);
    }
}
