package dev.pharos.process.otlp;

import dev.pharos.store.nativeformat.StringMapColumn;
import io.opentelemetry.proto.common.v1.KeyValue;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Resource and scope attributes rendered and UTF-8 encoded once per request, then copied into
 * every row of that resource or scope: a trace of 100 spans renders its resource once, not 100 times.
 */
final class EncodedAttributes {

    static final EncodedAttributes EMPTY = new EncodedAttributes(new byte[0][], new byte[0][], "");

    private final byte[][] keys;
    private final byte[][] values;
    private final String serviceName;

    private EncodedAttributes(byte[][] keys, byte[][] values, String serviceName) {
        this.keys = keys;
        this.values = values;
        this.serviceName = serviceName;
    }

    static EncodedAttributes of(List<KeyValue> attributes) {
        int n = attributes.size();
        byte[][] keys = new byte[n][];
        byte[][] values = new byte[n][];
        String service = "";
        for (int i = 0; i < n; i++) {
            KeyValue kv = attributes.get(i);
            String value = AttributeText.of(kv.getValue());
            keys[i] = kv.getKey().getBytes(StandardCharsets.UTF_8);
            values[i] = value.getBytes(StandardCharsets.UTF_8);
            if (kv.getKey().equals("service.name")) {
                service = value;
            }
        }
        return new EncodedAttributes(keys, values, service);
    }

    int size() {
        return keys.length;
    }

    /** The {@code service.name} attribute, or empty; what the ServiceName column holds. */
    String serviceName() {
        return serviceName;
    }

    /** Writes the whole map as one row of {@code column}. */
    void writeRow(StringMapColumn column) {
        for (int i = 0; i < keys.length; i++) {
            column.putUtf8(keys[i], values[i]);
        }
        column.endRow();
    }

    /** Writes a record's own attributes as one row of {@code column}. */
    static void writeRow(List<KeyValue> attributes, StringMapColumn column) {
        for (int i = 0, n = attributes.size(); i < n; i++) {
            KeyValue kv = attributes.get(i);
            column.put(kv.getKey(), AttributeText.of(kv.getValue()));
        }
        column.endRow();
    }
}
