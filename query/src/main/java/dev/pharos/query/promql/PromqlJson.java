package dev.pharos.query.promql;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.pharos.query.promql.ast.Numbers;
import dev.pharos.query.promql.storage.Labels;
import dev.pharos.query.promql.value.MatrixValue;
import dev.pharos.query.promql.value.Sample;
import dev.pharos.query.promql.value.ScalarValue;
import dev.pharos.query.promql.value.SeriesValue;
import dev.pharos.query.promql.value.StringValue;
import dev.pharos.query.promql.value.Value;
import dev.pharos.query.promql.value.VectorValue;
import java.io.IOException;
import java.util.List;

/**
 * Writes results and errors in the JSON shapes of Prometheus's HTTP API ({@code /api/v1/query} and
 * {@code /api/v1/query_range}): timestamps in seconds with millisecond decimals, sample values as strings.
 */
public final class PromqlJson {

    private PromqlJson() {}

    /** {@code {"status":"success","data":{"resultType":...,"result":...},"warnings":[...],"infos":[...]}}. */
    public static void writeSuccess(JsonGenerator g, PromqlResult result) throws IOException {
        g.writeStartObject();
        g.writeStringField("status", "success");
        g.writeFieldName("data");
        writeData(g, result.value());
        writeStrings(g, "warnings", result.warnings());
        writeStrings(g, "infos", result.infos());
        g.writeEndObject();
    }

    /** {@code {"status":"error","errorType":"bad_data","error":"..."}}. */
    public static void writeError(JsonGenerator g, PromqlException e) throws IOException {
        g.writeStartObject();
        g.writeStringField("status", "error");
        g.writeStringField("errorType", e.kind().apiErrorType());
        g.writeStringField("error", e.getMessage());
        g.writeEndObject();
    }

    /** The HTTP status Prometheus answers with for an error of this kind. */
    public static int httpStatus(PromqlException.Kind kind) {
        return switch (kind) {
            case BAD_DATA -> 400;
            case EXECUTION, TOO_MANY_SAMPLES -> 422;
            case TIMEOUT -> 503;
            case INTERNAL -> 500;
        };
    }

    /** {@code {"resultType":"vector","result":[...]}}. */
    public static void writeData(JsonGenerator g, Value value) throws IOException {
        g.writeStartObject();
        g.writeStringField("resultType", value.type().apiName());
        g.writeFieldName("result");
        switch (value) {
            case ScalarValue s -> writePoint(g, s.timestampMs(), Numbers.format(s.value()));
            case StringValue s -> writePoint(g, s.timestampMs(), s.value());
            case VectorValue v -> {
                g.writeStartArray();
                for (Sample s : v.samples()) {
                    g.writeStartObject();
                    writeMetric(g, s.labels());
                    g.writeFieldName("value");
                    writePoint(g, s.timestampMs(), Numbers.format(s.value()));
                    g.writeEndObject();
                }
                g.writeEndArray();
            }
            case MatrixValue m -> {
                g.writeStartArray();
                for (SeriesValue s : m.series()) {
                    g.writeStartObject();
                    writeMetric(g, s.labels());
                    g.writeArrayFieldStart("values");
                    for (int i = 0; i < s.size(); i++) {
                        writePoint(g, s.timestampsMs()[i], Numbers.format(s.values()[i]));
                    }
                    g.writeEndArray();
                    g.writeEndObject();
                }
                g.writeEndArray();
            }
        }
        g.writeEndObject();
    }

    private static void writeMetric(JsonGenerator g, Labels labels) throws IOException {
        g.writeObjectFieldStart("metric");
        for (int i = 0; i < labels.size(); i++) {
            g.writeStringField(labels.name(i), labels.value(i));
        }
        g.writeEndObject();
    }

    private static void writePoint(JsonGenerator g, long timestampMs, String value) throws IOException {
        g.writeStartArray();
        g.writeRawValue(timestamp(timestampMs));
        g.writeString(value);
        g.writeEndArray();
    }

    /** Seconds with the milliseconds as decimals, as Prometheus writes them: 1435781451.781, 1.050, 3. */
    public static String timestamp(long ms) {
        StringBuilder sb = new StringBuilder();
        long t = ms;
        if (t < 0) {
            sb.append('-');
            t = -t;
        }
        sb.append(t / 1000);
        long fraction = t % 1000;
        if (fraction != 0) {
            sb.append('.');
            if (fraction < 100) {
                sb.append('0');
            }
            if (fraction < 10) {
                sb.append('0');
            }
            sb.append(fraction);
        }
        return sb.toString();
    }

    private static void writeStrings(JsonGenerator g, String field, List<String> values) throws IOException {
        if (values.isEmpty()) {
            return;
        }
        g.writeArrayFieldStart(field);
        for (String v : values) {
            g.writeString(v);
        }
        g.writeEndArray();
    }
}
