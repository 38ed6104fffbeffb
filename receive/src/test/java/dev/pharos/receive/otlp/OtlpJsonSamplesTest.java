package dev.pharos.receive.otlp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The OTLP/JSON examples from the OpenTelemetry proto repository, posted over HTTP as a sender would. */
class OtlpJsonSamplesTest {

    @TempDir
    static Path dataDir;

    static IngestHarness h;
    static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        h = new IngestHarness(dataDir);
    }

    @AfterAll
    static void stop() {
        if (h != null) {
            h.close();
        }
    }

    static HttpResponse<String> post(String path, byte[] body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(h.httpEndpoint() + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static byte[] sample(String name) throws IOException {
        try (InputStream in = OtlpJsonSamplesTest.class.getResourceAsStream("/otlp-samples/" + name)) {
            return in.readAllBytes();
        }
    }

    @Test
    void logsSampleGivesTheExpectedRow() throws Exception {
        HttpResponse<String> r = post("/v1/logs", sample("proto-logs.json"));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("{}");
        assertThat(r.headers().firstValue("content-type")).hasValue("application/json");
        h.awaitDrained();
        JsonNode row = h.rows("SELECT toUnixTimestamp64Nano(Timestamp) AS ts, TraceId, SpanId, SeverityText, SeverityNumber, ServiceName, "
                + "Body, ResourceAttributes, ScopeName, ScopeVersion, ScopeAttributes, LogAttributes FROM otel.otel_logs "
                + "WHERE Body = 'Example log record'").getFirst();
        assertThat(row.get("ts").asText()).isEqualTo("1544712660300000000");
        assertThat(row.get("TraceId").asText()).isEqualTo("5b8efff798038103d269b633813fc60c");
        assertThat(row.get("SpanId").asText()).isEqualTo("eee19b7ec3c1b174");
        assertThat(row.get("SeverityText").asText()).isEqualTo("Information");
        assertThat(row.get("SeverityNumber").asInt()).isEqualTo(10);
        assertThat(row.get("ServiceName").asText()).isEqualTo("my.service");
        assertThat(row.get("ScopeName").asText()).isEqualTo("my.library");
        assertThat(row.get("ScopeVersion").asText()).isEqualTo("1.0.0");
        assertThat(row.get("ScopeAttributes").toString()).isEqualTo("{\"my.scope.attribute\":\"some scope attribute\"}");
        assertThat(row.get("LogAttributes").toString()).isEqualTo("{\"string.attribute\":\"some string\",\"boolean.attribute\":\"true\","
                + "\"int.attribute\":\"10\",\"double.attribute\":\"637.704\",\"array.attribute\":\"[\\\"many\\\",\\\"values\\\"]\","
                + "\"map.attribute\":\"{\\\"some.map.key\\\":\\\"some value\\\"}\"}");
    }

    @Test
    void eventSampleKeepsItsNameAndStructuredBody() throws Exception {
        assertThat(post("/v1/logs", sample("proto-events.json")).statusCode()).isEqualTo(200);
        h.awaitDrained();
        JsonNode row = h.rows("SELECT EventName, Body, SeverityNumber, LogAttributes FROM otel.otel_logs "
                + "WHERE EventName = 'browser.page_view'").getFirst();
        assertThat(row.get("Body").asText()).isEqualTo("{\"type\":0,\"url\":\"https://www.guidgenerator.com/online-guid-generator.aspx\","
                + "\"referrer\":\"https://wwww.google.com\",\"title\":\"Free Online GUID Generator\"}");
        assertThat(row.get("SeverityNumber").asInt()).isEqualTo(9);
        assertThat(row.get("LogAttributes").get("event.attribute").asText()).isEqualTo("some event attribute");
    }

    @Test
    void traceSampleGivesTheExpectedSpan() throws Exception {
        assertThat(post("/v1/traces", sample("proto-trace.json")).statusCode()).isEqualTo(200);
        h.awaitDrained();
        JsonNode row = h.rows("SELECT TraceId, SpanId, ParentSpanId, SpanName, SpanKind, Duration, SpanAttributes, StatusCode "
                + "FROM otel.otel_traces WHERE SpanName = 'I''m a server span'").getFirst();
        assertThat(row.get("TraceId").asText()).isEqualTo("5b8efff798038103d269b633813fc60c");
        assertThat(row.get("ParentSpanId").asText()).isEqualTo("eee19b7ec3c1b173");
        assertThat(row.get("SpanKind").asText()).isEqualTo("Server");
        assertThat(row.get("Duration").asLong()).isEqualTo(1_000_000_000L);
        assertThat(row.get("SpanAttributes").get("my.span.attr").asText()).isEqualTo("some value");
        assertThat(row.get("StatusCode").asText()).isEqualTo("Unset");
    }

    @Test
    void metricsSampleFillsSumGaugeHistogramAndExponentialHistogram() throws Exception {
        assertThat(post("/v1/metrics", sample("proto-metrics.json")).statusCode()).isEqualTo(200);
        h.awaitDrained();
        String where = " WHERE MetricName LIKE 'my.%'";
        JsonNode sum = h.rows("SELECT Value, AggregationTemporality, IsMonotonic, MetricDescription, Attributes FROM otel.otel_metrics_sum"
                + where).getFirst();
        assertThat(sum.get("Value").asDouble()).isEqualTo(5.0);
        assertThat(sum.get("AggregationTemporality").asInt()).isEqualTo(1);
        assertThat(sum.get("IsMonotonic").asBoolean()).isTrue();
        assertThat(sum.get("MetricDescription").asText()).isEqualTo("I am a Counter");
        assertThat(h.rows("SELECT Value FROM otel.otel_metrics_gauge" + where).getFirst().get("Value").asDouble()).isEqualTo(10.0);
        JsonNode hist = h.rows("SELECT Count, Sum, BucketCounts, ExplicitBounds, Min, Max FROM otel.otel_metrics_histogram" + where)
                .getFirst();
        assertThat(hist.toString()).isEqualTo("{\"Count\":2,\"Sum\":2,\"BucketCounts\":[1,1],\"ExplicitBounds\":[1],\"Min\":0,\"Max\":2}");
        JsonNode exp = h.rows("SELECT Count, Sum, Scale, ZeroCount, PositiveOffset, PositiveBucketCounts, NegativeOffset, "
                + "NegativeBucketCounts, Min, Max FROM otel.otel_metrics_exponential_histogram" + where).getFirst();
        assertThat(exp.toString()).isEqualTo("{\"Count\":3,\"Sum\":10,\"Scale\":0,\"ZeroCount\":1,\"PositiveOffset\":1,"
                + "\"PositiveBucketCounts\":[0,2],\"NegativeOffset\":0,\"NegativeBucketCounts\":[],\"Min\":0,\"Max\":5}");
    }

    @Test
    void summaryAndSpecVariantsEnumNamesNumbersAsNumbersAndSnakeCaseIds() throws Exception {
        String summary = """
                {"resourceMetrics":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"legacy"}}]},
                 "scopeMetrics":[{"metrics":[{"name":"rpc.latency","summary":{"dataPoints":[{
                   "timeUnixNano":1544712660300000001,"count":"10","sum":12.5,
                   "quantileValues":[{"quantile":0.5,"value":1.0},{"quantile":0.99,"value":3.5}]}]}}]}]}]}
                """;
        HttpResponse<String> r = post("/v1/metrics", summary.getBytes());
        assertThat(r.statusCode()).isEqualTo(200);
        String span = """
                {"resourceSpans":[{"scopeSpans":[{"spans":[{"trace_id":"0102030405060708090a0b0c0d0e0f10","span_id":"0102030405060708",
                  "name":"variant","kind":"SPAN_KIND_CONSUMER","startTimeUnixNano":1000,"endTimeUnixNano":"3000",
                  "status":{"code":"STATUS_CODE_OK"},"unknownFutureField":{"x":1}}]}]}]}
                """;
        assertThat(post("/v1/traces", span.getBytes()).statusCode()).isEqualTo(200);
        h.awaitDrained();
        JsonNode s = h.rows("SELECT toUnixTimestamp64Nano(TimeUnix) AS t, Count, Sum, ValueAtQuantiles.Quantile AS q, "
                + "ValueAtQuantiles.Value AS v, ServiceName FROM otel.otel_metrics_summary WHERE MetricName = 'rpc.latency'").getFirst();
        assertThat(s.toString()).isEqualTo("{\"t\":1544712660300000001,\"Count\":10,\"Sum\":12.5,\"q\":[0.5,0.99],\"v\":[1,3.5],"
                + "\"ServiceName\":\"legacy\"}");
        JsonNode sp = h.rows("SELECT TraceId, SpanId, SpanKind, Duration, StatusCode FROM otel.otel_traces WHERE SpanName = 'variant'")
                .getFirst();
        assertThat(sp.toString()).isEqualTo("{\"TraceId\":\"0102030405060708090a0b0c0d0e0f10\",\"SpanId\":\"0102030405060708\","
                + "\"SpanKind\":\"Consumer\",\"Duration\":2000,\"StatusCode\":\"Ok\"}");
    }

    @Test
    void partialSuccessNamesTheRejectedRecords() throws Exception {
        String spans = """
                {"resourceSpans":[{"scopeSpans":[{"spans":[
                  {"traceId":"0102030405060708090a0b0c0d0e0f10","spanId":"0102030405060708","name":"good","startTimeUnixNano":"1"},
                  {"traceId":"0102","spanId":"0102030405060708","name":"short-trace-id","startTimeUnixNano":"1"}]}]}]}
                """;
        HttpResponse<String> r = post("/v1/traces", spans.getBytes());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("\"rejectedSpans\":\"1\"").contains("trace id must be 16 bytes");
        h.awaitDrained();
        assertThat(h.rows("SELECT SpanName FROM otel.otel_traces WHERE SpanName IN ('good', 'short-trace-id')").toString())
                .isEqualTo("[{\"SpanName\":\"good\"}]");
        assertThat(h.counter("pharos_ingest_rejected_records_total", "reason", "invalid_id", "signal", "traces")).isEqualTo(1.0);
    }
}
