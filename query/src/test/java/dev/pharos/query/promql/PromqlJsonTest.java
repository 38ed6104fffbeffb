package dev.pharos.query.promql;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.pharos.query.promql.storage.Labels;
import dev.pharos.query.promql.value.MatrixValue;
import dev.pharos.query.promql.value.Sample;
import dev.pharos.query.promql.value.ScalarValue;
import dev.pharos.query.promql.value.SeriesValue;
import dev.pharos.query.promql.value.VectorValue;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

class PromqlJsonTest {

    private static String json(PromqlResult r) throws Exception {
        StringWriter w = new StringWriter();
        try (JsonGenerator g = new JsonFactory().createGenerator(w)) {
            PromqlJson.writeSuccess(g, r);
        }
        return w.toString();
    }

    private static PromqlResult result(dev.pharos.query.promql.value.Value v, List<String> warnings) {
        return new PromqlResult(v, warnings, List.of(), new PromqlStats(0, 0, 0, 0));
    }

    @Test
    void vectorLikePrometheus() throws Exception {
        VectorValue v = new VectorValue(List.of(new Sample(Labels.of("__name__", "up", "job", "a"), 1435781451781L, 1)));
        assertThat(json(result(v, List.of())))
                .isEqualTo("{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[{\"metric\":"
                        + "{\"__name__\":\"up\",\"job\":\"a\"},\"value\":[1435781451.781,\"1\"]}]}}");
    }

    @Test
    void matrixScalarAndWarnings() throws Exception {
        MatrixValue m = new MatrixValue(List.of(new SeriesValue(Labels.empty(), new long[] {1000, 2050},
                new double[] {Double.POSITIVE_INFINITY, 0.5})));
        assertThat(json(result(m, List.of("w"))))
                .isEqualTo("{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[{\"metric\":{},"
                        + "\"values\":[[1,\"+Inf\"],[2.050,\"0.5\"]]}]},\"warnings\":[\"w\"]}");
        assertThat(json(result(new ScalarValue(-1500, Double.NaN), List.of())))
                .isEqualTo("{\"status\":\"success\",\"data\":{\"resultType\":\"scalar\",\"result\":[-1.500,\"NaN\"]}}");
    }
}
