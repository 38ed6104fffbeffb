package dev.pharos.present.prometheus;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.pharos.query.promql.PromqlResult;
import dev.pharos.query.promql.storage.Labels;
import dev.pharos.query.promql.value.MatrixValue;
import dev.pharos.query.promql.value.Sample;
import dev.pharos.query.promql.value.ScalarValue;
import dev.pharos.query.promql.value.SeriesValue;
import dev.pharos.query.promql.value.StringValue;
import dev.pharos.query.promql.value.Value;
import dev.pharos.query.promql.value.VectorValue;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.List;

/**
 * Prometheus's JSON: {@code {"status":"success","data":{...}}} with sample values as strings in
 * Go's shortest form ({@code "1"}, {@code "0.1"}, {@code "+Inf"}, {@code "NaN"}) and timestamps as
 * Unix seconds with millisecond fraction. Written with a streaming generator: a range query can
 * return millions of points.
 */
final class PromJson {

    private static final JsonFactory JSON = new JsonFactory();

    interface Body {
        void write(JsonGenerator g) throws IOException;
    }

    private PromJson() {}

    static byte[] success(Body data, List<String> warnings, List<String> infos) {
        return document(g -> {
            g.writeStringField("status", "success");
            g.writeFieldName("data");
            data.write(g);
            strings(g, "warnings", warnings);
            strings(g, "infos", infos);
        });
    }

    static byte[] error(String errorType, String message) {
        return document(g -> {
            g.writeStringField("status", "error");
            g.writeStringField("errorType", errorType);
            g.writeStringField("error", message);
        });
    }

    private static void strings(JsonGenerator g, String field, List<String> values) throws IOException {
        if (values.isEmpty()) {
            return;
        }
        g.writeArrayFieldStart(field);
        for (String v : values) {
            g.writeString(v);
        }
        g.writeEndArray();
    }

    private static byte[] document(Body body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            body.write(g);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** The data of a query result: resultType and result, plus stats when asked. */
    static Body result(PromqlResult r, boolean stats) {
        return g -> {
            g.writeStartObject();
            Value v = r.value();
            g.writeStringField("resultType", switch (v) {
                case ScalarValue s -> "scalar";
                case StringValue s -> "string";
                case VectorValue vec -> "vector";
                case MatrixValue m -> "matrix";
            });
            g.writeFieldName("result");
            switch (v) {
                case ScalarValue s -> point(g, s.timestampMs(), number(s.value()));
                case StringValue s -> point(g, s.timestampMs(), s.value());
                case VectorValue vec -> {
                    g.writeStartArray();
                    for (Sample s : vec.samples()) {
                        g.writeStartObject();
                        metric(g, s.labels());
                        g.writeFieldName("value");
                        point(g, s.timestampMs(), number(s.value()));
                        g.writeEndObject();
                    }
                    g.writeEndArray();
                }
                case MatrixValue m -> {
                    g.writeStartArray();
                    for (SeriesValue s : m.series()) {
                        g.writeStartObject();
                        metric(g, s.labels());
                        g.writeArrayFieldStart("values");
                        for (int i = 0; i < s.size(); i++) {
                            point(g, s.timestampsMs()[i], number(s.values()[i]));
                        }
                        g.writeEndArray();
                        g.writeEndObject();
                    }
                    g.writeEndArray();
                }
            }
            if (stats) {
                g.writeObjectFieldStart("stats");
                g.writeObjectFieldStart("timings");
                g.writeNumberField("evalTotalTime", r.stats().evalNanos() / 1e9);
                g.writeEndObject();
                g.writeObjectFieldStart("samples");
                g.writeNumberField("totalQueryableSamples", r.stats().samplesLoaded());
                g.writeNumberField("peakSamples", r.stats().peakSamples());
                g.writeEndObject();
                g.writeEndObject();
            }
            g.writeEndObject();
        };
    }

    static void metric(JsonGenerator g, Labels labels) throws IOException {
        g.writeObjectFieldStart("metric");
        labelPairs(g, labels);
        g.writeEndObject();
    }

    static void labelPairs(JsonGenerator g, Labels labels) throws IOException {
        for (int i = 0; i < labels.size(); i++) {
            g.writeStringField(labels.name(i), labels.value(i));
        }
    }

    private static void point(JsonGenerator g, long timeMs, String value) throws IOException {
        g.writeStartArray();
        g.writeNumber(timestamp(timeMs));
        g.writeString(value);
        g.writeEndArray();
    }

    /** Unix seconds with the milliseconds as a fraction, e.g. 1435781451.781, and no fraction for whole seconds. */
    static BigDecimal timestamp(long timeMs) {
        BigDecimal s = BigDecimal.valueOf(timeMs, 3).stripTrailingZeros();
        return s.scale() < 0 ? s.setScale(0) : s;
    }

    /** A float as Go's strconv.FormatFloat(v, 'f', -1, 64) prints it, with Prometheus's +Inf/-Inf/NaN. */
    static String number(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        if (v == 0) {
            return (Double.doubleToRawLongBits(v) < 0) ? "-0" : "0";
        }
        // Java's shortest repr (JDK 19+) is Go's shortest repr; only the notation differs.
        return new BigDecimal(Double.toString(v)).stripTrailingZeros().toPlainString();
    }
}
