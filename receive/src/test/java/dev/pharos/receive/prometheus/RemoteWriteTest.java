package dev.pharos.receive.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pharos.receive.otlp.IngestHarness;
import dev.pharos.receive.prometheus.RemoteWritePayloads.Sample;
import dev.pharos.receive.prometheus.RemoteWritePayloads.Series;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xerial.snappy.Snappy;

/** Remote write 1.0 and 2.0 into the real engine: rows, staleness markers, metadata, status codes and headers. */
class RemoteWriteTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String V1 = "application/x-protobuf";
    private static final String V2 = "application/x-protobuf;proto=io.prometheus.write.v2.Request";

    @TempDir
    static Path dir;
    static IngestHarness ingest;

    @BeforeAll
    static void start() {
        ingest = new IngestHarness(dir.resolve("data"));
    }

    @AfterAll
    static void stop() {
        ingest.close();
    }

    private static HttpResponse<String> post(byte[] body, String type, String encoding) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(ingest.httpEndpoint() + "/api/v1/write"))
                .header("content-type", type).header("X-Prometheus-Remote-Write-Version", "2.0.0")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (encoding != null) {
            b.header("content-encoding", encoding);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Series series(String name, String job, Sample... samples) {
        return new Series(Map.of("__name__", name, "job", job, "instance", "host:9100"), List.of(samples));
    }

    @Test
    void version1IsStoredSampleBySampleWithSeriesAndMetadata() throws Exception {
        long t = 1_764_000_000_000L;
        byte[] body = RemoteWritePayloads.v1(List.of(
                // Unsorted labels, as 1.0 senders may send them.
                new Series(new java.util.LinkedHashMap<>(Map.of("job", "api", "__name__", "http_requests_total", "instance", "a:1")),
                        List.of(new Sample(t, 1), new Sample(t + 15_000, 3.5))),
                series("up", "api", new Sample(t, 1), new Sample(t + 15_000, Double.longBitsToDouble(0x7ff0000000000002L)))));
        HttpResponse<String> r = post(Snappy.compress(body), V1, "snappy");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(204);
        assertThat(r.headers().firstValue("X-Prometheus-Remote-Write-Samples-Written")).contains("4");
        ingest.awaitDrained();
        assertThat(ingest.engine.query("SELECT MetricName, toUnixTimestamp64Milli(Timestamp), Value FROM otel.prom_samples "
                + "WHERE MetricName = 'http_requests_total' ORDER BY Timestamp", "TSV").text())
                .isEqualTo("http_requests_total\t" + t + "\t1\nhttp_requests_total\t" + (t + 15_000) + "\t3.5\n");
        // The staleness marker keeps its exact NaN bits.
        assertThat(ingest.engine.query("SELECT hex(reinterpretAsString(Value)) FROM otel.prom_samples WHERE MetricName = 'up' "
                + "ORDER BY Timestamp", "TSV").text()).isEqualTo("000000000000F03F\n020000000000F07F\n");
        assertThat(ingest.engine.query("SELECT MetricName, Labels['job'], Labels['instance'], mapContains(Labels, '__name__'), Tenant "
                + "FROM otel.prom_series FINAL ORDER BY MetricName", "TSV").text())
                .isEqualTo("http_requests_total\tapi\ta:1\t0\tdefault\nup\tapi\thost:9100\t0\tdefault\n");
        assertThat(ingest.engine.query("SELECT MetricFamily, Type, Help FROM otel.prom_metadata FINAL", "TSV").text())
                .isEqualTo("http_requests_total\tcounter\tRequests served.\n");
    }

    @Test
    void version2WithSymbolsGivesTheSameSeriesAndReportsWhatItWrote() throws Exception {
        long t = 1_764_000_100_000L;
        byte[] body = RemoteWritePayloads.v2(List.of(series("v2_requests_total", "api", new Sample(t, 7), new Sample(t + 1000, 8))));
        HttpResponse<String> r = post(Snappy.compress(body), V2, "snappy");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(204);
        assertThat(r.headers().firstValue("X-Prometheus-Remote-Write-Samples-Written")).contains("2");
        assertThat(r.headers().firstValue("X-Prometheus-Remote-Write-Exemplars-Written")).contains("0");
        ingest.awaitDrained();
        assertThat(ingest.engine.query("SELECT count(), sum(Value) FROM otel.prom_samples WHERE MetricName = 'v2_requests_total'", "TSV")
                .text()).isEqualTo("2\t15\n");
        // One label set, one fingerprint, whichever protocol version carried it.
        byte[] again = RemoteWritePayloads.v1(List.of(series("v2_requests_total", "api", new Sample(t + 2000, 9))));
        assertThat(post(Snappy.compress(again), V1, "snappy").statusCode()).isEqualTo(204);
        ingest.awaitDrained();
        assertThat(ingest.engine.query("SELECT uniqExact(Fingerprint) FROM otel.prom_samples WHERE MetricName = 'v2_requests_total'", "TSV")
                .text()).isEqualTo("1\n");
    }

    @Test
    void badRequestsGetTheStatusTheSpecificationGives() throws Exception {
        byte[] ok = Snappy.compress(RemoteWritePayloads.v1(List.of(series("x", "j", new Sample(1_764_000_000_000L, 1)))));
        assertThat(post(ok, "application/json", "snappy").statusCode()).isEqualTo(415);
        assertThat(post(ok, "application/x-protobuf;proto=io.prometheus.write.v3.Request", "snappy").statusCode()).isEqualTo(415);
        assertThat(post(ok, V1, "zstd").statusCode()).isEqualTo(415);
        assertThat(post("not snappy at all".getBytes(), V1, "snappy").statusCode()).isEqualTo(400);
        assertThat(post(Snappy.compress(new byte[] {(byte) 0x0a, (byte) 0xff, 1}), V1, "snappy").statusCode()).isEqualTo(400);
        // A snappy header claiming 2 GiB: refused before anything is allocated.
        assertThat(post(new byte[] {(byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x08, 0, 0}, V1, "snappy").statusCode())
                .isIn(400, 413);
        // A series without a name is refused, its neighbour stored: 400 with the count (not retried by senders).
        byte[] mixed = RemoteWritePayloads.v1(List.of(new Series(Map.of("job", "nameless"), List.of(new Sample(1_764_000_000_000L, 1))),
                series("named_ok", "j", new Sample(1_764_000_000_000L, 1))));
        HttpResponse<String> partial = post(Snappy.compress(mixed), V1, "snappy");
        assertThat(partial.statusCode()).isEqualTo(400);
        assertThat(partial.body()).contains("1 record(s) rejected").contains("__name__");
        ingest.awaitDrained();
        assertThat(ingest.engine.query("SELECT count() FROM otel.prom_samples WHERE MetricName = 'named_ok'", "TSV").text()).isEqualTo("1\n");
        // A 2.0 label reference outside the symbol table.
        byte[] badRef = RemoteWritePayloads.message(out -> {
            out.writeString(4, "");
            out.writeBytes(5, RemoteWritePayloads.message(ts -> ts.writeBytes(1, com.google.protobuf.ByteString.copyFrom(new byte[] {5, 6}))));
        }).toByteArray();
        assertThat(post(Snappy.compress(badRef), V2, "snappy").body()).contains("symbol reference");
        assertThat(ingest.counter("pharos_remote_write_refused_requests_total", "reason", "unsupported_media_type")).isEqualTo(3);
    }
}
