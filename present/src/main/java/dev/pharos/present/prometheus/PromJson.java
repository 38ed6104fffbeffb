package dev.pharos.present.prometheus;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.pharos.query.promql.PromqlJson;
import dev.pharos.query.promql.PromqlResult;
import dev.pharos.query.promql.storage.Labels;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The envelope of Prometheus's JSON, {@code {"status":"success","data":{...}}} or its error form;
 * query results inside it are written by the engine's {@link PromqlJson}. Streaming generator: a
 * range query can return millions of points.
 */
final class PromJson {

    /** With an object codec: rule and alert models are records Jackson writes. */
    private static final JsonFactory JSON = new com.fasterxml.jackson.databind.ObjectMapper().getFactory();

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

    /** The data of a query result (the engine's own writer), plus stats when asked. */
    static Body result(PromqlResult r, boolean stats) {
        return g -> {
            if (!stats) {
                PromqlJson.writeData(g, r.value());
                return;
            }
            // The engine writes the data object whole; stats go next to it under "stats", as Prometheus nests them.
            java.io.StringWriter data = new java.io.StringWriter();
            try (JsonGenerator inner = JSON.createGenerator(data)) {
                PromqlJson.writeData(inner, r.value());
            }
            String d = data.toString();
            g.writeRawValue(d.substring(0, d.length() - 1) + ",\"stats\":{\"timings\":{\"evalTotalTime\":"
                    + r.stats().evalNanos() / 1e9 + "},\"samples\":{\"totalQueryableSamples\":" + r.stats().samplesLoaded()
                    + ",\"peakSamples\":" + r.stats().peakSamples() + "}}}");
        };
    }

    static void labelPairs(JsonGenerator g, Labels labels) throws IOException {
        for (int i = 0; i < labels.size(); i++) {
            g.writeStringField(labels.name(i), labels.value(i));
        }
    }
}
