package dev.pharos.process.otlp;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import java.math.BigDecimal;
import java.util.Base64;
import java.util.List;

/**
 * Renders OTLP values as the strings stored in the {@code Map(String, String)} attribute columns
 * and in {@code Body}, exactly as the OTel Collector's ClickHouse exporter does (pdata's
 * {@code Value.AsString}): strings as is, numbers in plain notation, bytes in base64, arrays and
 * key-value lists as JSON. Tools that read the exporter's tables then see the same text from us.
 */
public final class AttributeText {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private AttributeText() {}

    public static String of(AnyValue v) {
        return switch (v.getValueCase()) {
            case STRING_VALUE -> v.getStringValue();
            case BOOL_VALUE -> v.getBoolValue() ? "true" : "false";
            case INT_VALUE -> Long.toString(v.getIntValue());
            case DOUBLE_VALUE -> number(v.getDoubleValue());
            case BYTES_VALUE -> Base64.getEncoder().encodeToString(v.getBytesValue().toByteArray());
            case ARRAY_VALUE, KVLIST_VALUE -> {
                StringBuilder sb = new StringBuilder();
                json(v, sb);
                yield sb.toString();
            }
            // A string-table index only means something inside a profiles dictionary, which this receiver does not take.
            case VALUE_NOT_SET, STRING_VALUE_STRINDEX -> "";
        };
    }

    /** Go's {@code strconv.FormatFloat(v, 'f', -1, 64)}: shortest digits, never an exponent. */
    static String number(double d) {
        if (Double.isNaN(d)) {
            return "NaN";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "+Inf" : "-Inf";
        }
        if (d == Math.rint(d) && Math.abs(d) < 1e15) {
            return Long.toString((long) d);
        }
        return new BigDecimal(Double.toString(d)).stripTrailingZeros().toPlainString();
    }

    private static void json(AnyValue v, StringBuilder sb) {
        switch (v.getValueCase()) {
            case STRING_VALUE -> quote(v.getStringValue(), sb);
            case BOOL_VALUE -> sb.append(v.getBoolValue());
            case INT_VALUE -> sb.append(v.getIntValue());
            case DOUBLE_VALUE -> {
                double d = v.getDoubleValue();
                if (Double.isNaN(d) || Double.isInfinite(d)) {
                    quote(number(d), sb);
                } else {
                    sb.append(number(d));
                }
            }
            case BYTES_VALUE -> quote(Base64.getEncoder().encodeToString(v.getBytesValue().toByteArray()), sb);
            case ARRAY_VALUE -> {
                sb.append('[');
                List<AnyValue> values = v.getArrayValue().getValuesList();
                for (int i = 0; i < values.size(); i++) {
                    if (i > 0) {
                        sb.append(',');
                    }
                    json(values.get(i), sb);
                }
                sb.append(']');
            }
            case KVLIST_VALUE -> {
                sb.append('{');
                List<KeyValue> kvs = v.getKvlistValue().getValuesList();
                for (int i = 0; i < kvs.size(); i++) {
                    if (i > 0) {
                        sb.append(',');
                    }
                    quote(kvs.get(i).getKey(), sb);
                    sb.append(':');
                    json(kvs.get(i).getValue(), sb);
                }
                sb.append('}');
            }
            case VALUE_NOT_SET, STRING_VALUE_STRINDEX -> sb.append("null");
        }
    }

    private static void quote(String s, StringBuilder sb) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }

    /** Lower-case hex of a trace or span id; empty when the id is absent or all zeros, as the exporter stores it. */
    public static String hexId(ByteString id) {
        int n = id.size();
        boolean zero = true;
        for (int i = 0; i < n && zero; i++) {
            zero = id.byteAt(i) == 0;
        }
        if (zero) {
            return "";
        }
        char[] out = new char[n * 2];
        for (int i = 0; i < n; i++) {
            int b = id.byteAt(i) & 0xFF;
            out[2 * i] = HEX[b >>> 4];
            out[2 * i + 1] = HEX[b & 0xF];
        }
        return new String(out);
    }
}
