package dev.pharos.receive.otlp;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.rpc.Status;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.common.SessionProtocol;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Malformed, oversized and hostile requests over both transports: each gets a clear 4xx (or the
 * matching gRPC status), the server keeps serving, and valid data sent alongside is stored.
 * Limits are small here (1 MiB body, 4 MiB decoded) so the bombs stay cheap to build.
 */
class HostileInputTest {

    @TempDir
    static Path dataDir;

    static IngestHarness h;
    static WebClient httpClient;
    static WebClient grpcClient;

    @BeforeAll
    static void start() {
        h = new IngestHarness(dataDir, c -> c, o -> o, new ReceiveLimits(1 << 20, 4 << 20, 64, 2));
        httpClient = WebClient.builder(h.httpEndpoint()).maxResponseLength(0).build();
        // gRPC needs HTTP/2; over cleartext the client starts it with prior knowledge, as gRPC clients do.
        grpcClient = WebClient.builder(SessionProtocol.H2C, com.linecorp.armeria.client.Endpoint.of("127.0.0.1",
                Integer.parseInt(h.grpcEndpoint().substring(h.grpcEndpoint().lastIndexOf(':') + 1)))).build();
    }

    @AfterAll
    static void stop() {
        if (h != null) {
            h.close();
        }
    }

    static AggregatedHttpResponse http(String path, String contentType, String encoding, byte[] body) {
        com.linecorp.armeria.common.RequestHeadersBuilder headers = RequestHeaders.builder(HttpMethod.POST, path);
        if (contentType != null) {
            headers.contentType(MediaType.parse(contentType));
        }
        if (encoding != null) {
            headers.add("content-encoding", encoding);
        }
        return httpClient.execute(HttpRequest.of(headers.build(), HttpData.wrap(body))).aggregate().join();
    }

    static AggregatedHttpResponse grpc(String service, byte[] message, boolean gzip) throws IOException {
        byte[] payload = gzip ? gzip(message) : message;
        byte[] frame = new byte[5 + payload.length];
        frame[0] = (byte) (gzip ? 1 : 0);
        frame[1] = (byte) (payload.length >>> 24);
        frame[2] = (byte) (payload.length >>> 16);
        frame[3] = (byte) (payload.length >>> 8);
        frame[4] = (byte) payload.length;
        System.arraycopy(payload, 0, frame, 5, payload.length);
        return grpcRaw(service, frame, gzip ? "gzip" : null);
    }

    static AggregatedHttpResponse grpcRaw(String service, byte[] frame, String encoding) {
        com.linecorp.armeria.common.RequestHeadersBuilder headers = RequestHeaders.builder(HttpMethod.POST,
                "/opentelemetry.proto.collector." + service + "/Export").contentType(MediaType.parse("application/grpc")).add("te", "trailers");
        if (encoding != null) {
            headers.add("grpc-encoding", encoding);
        }
        return grpcClient.execute(HttpRequest.of(headers.build(), HttpData.wrap(frame))).aggregate().join();
    }

    /** The gRPC status of a response: from the trailers, or from the headers of a trailers-only response. */
    static int grpcStatus(AggregatedHttpResponse r) {
        String s = r.trailers().get("grpc-status");
        if (s == null) {
            s = r.headers().get("grpc-status");
        }
        return s == null ? -1 : Integer.parseInt(s);
    }

    static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        }
        return out.toByteArray();
    }

    static String statusMessage(AggregatedHttpResponse r) throws IOException {
        return Status.parseFrom(r.content().array()).getMessage();
    }

    @Test
    void malformedProtobufAndJsonGet400WithAReason() throws Exception {
        byte[] valid = Payloads.logs("hostile", "x", 3).toByteArray();
        AggregatedHttpResponse truncated = http("/v1/logs", "application/x-protobuf", null, Arrays.copyOf(valid, valid.length / 2));
        assertThat(truncated.status().code()).isEqualTo(400);
        assertThat(statusMessage(truncated)).startsWith("invalid protobuf");

        byte[] garbage = new byte[64];
        Arrays.fill(garbage, (byte) 0xFF);
        assertThat(http("/v1/traces", "application/x-protobuf", null, garbage).status().code()).isEqualTo(400);

        AggregatedHttpResponse badJson = http("/v1/logs", "application/json", null, "{\"resourceLogs\": [".getBytes());
        assertThat(badJson.status().code()).isEqualTo(400);
        assertThat(badJson.contentUtf8()).contains("invalid JSON");
        AggregatedHttpResponse wrongShape = http("/v1/logs", "application/json", null, "{\"resourceLogs\": 5}".getBytes());
        assertThat(wrongShape.status().code()).isEqualTo(400);
        assertThat(wrongShape.contentUtf8()).contains("OTLP schema");
        AggregatedHttpResponse badHex = http("/v1/traces", "application/json", null,
                "{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"traceId\":\"zz\"}]}]}]}".getBytes());
        assertThat(badHex.status().code()).isEqualTo(400);
        assertThat(badHex.contentUtf8()).contains("traceId must be a hex string");

        assertThat(grpcStatus(grpc("logs.v1.LogsService", Arrays.copyOf(valid, valid.length - 3), false))).isEqualTo(3);
        assertThat(grpcStatus(grpcRaw("logs.v1.LogsService", new byte[] {0, 0, 0}, null))).isEqualTo(3);
        assertThat(grpcStatus(grpcRaw("logs.v1.LogsService", new byte[] {0, 0, 0, 0, 9, 1}, null))).isEqualTo(3);
    }

    @Test
    void wrongContentTypeMethodAndEncodingAreRefused() throws Exception {
        assertThat(http("/v1/logs", "text/plain", null, "hello".getBytes()).status().code()).isEqualTo(415);
        assertThat(http("/v1/logs", null, null, "hello".getBytes()).status().code()).isEqualTo(415);
        assertThat(http("/v1/logs", "application/x-protobuf", "br", new byte[] {1}).status().code()).isEqualTo(415);
        assertThat(httpClient.get("/v1/logs").aggregate().join().status().code()).isEqualTo(405);
        assertThat(http("/v1/logs", "application/x-protobuf", "gzip", "not gzip".getBytes()).status().code()).isEqualTo(400);
        assertThat(grpcStatus(grpcRaw("logs.v1.LogsService", new byte[] {1, 0, 0, 0, 1, 7}, "snappy"))).isEqualTo(12);
    }

    @Test
    void oversizedBodiesAndDecompressionBombsGet413WithoutAllocatingTheirClaimedSize() throws Exception {
        AggregatedHttpResponse big = http("/v1/logs", "application/x-protobuf", null, new byte[(1 << 20) + 100]);
        assertThat(big.status().code()).isEqualTo(413);

        // 256 MiB of zeros in a valid protobuf bytes-like field shape compresses to ~250 KiB: under the body
        // limit, far over the decoded limit.
        byte[] bomb = gzipZeros(256 << 20);
        assertThat(bomb.length).isLessThan(1 << 20);
        Runtime rt = Runtime.getRuntime();
        AggregatedHttpResponse r = http("/v1/logs", "application/x-protobuf", "gzip", bomb);
        assertThat(r.status().code()).isEqualTo(413);
        assertThat(statusMessage(r)).contains("exceeds the limit of 4194304 bytes");
        assertThat(grpcStatus(grpcRaw("logs.v1.LogsService", frame(bomb, true), "gzip"))).isEqualTo(8);
        // The process could not have held the inflated 256 MiB: the test JVM's heap stays far below it.
        assertThat(rt.totalMemory() - rt.freeMemory()).isLessThan(200L << 20);
        assertThat(h.counter("pharos_receive_requests_total", "outcome", "too_large", "signal", "logs", "transport", "http"))
                .isEqualTo(1.0);
    }

    private static byte[] frame(byte[] payload, boolean compressed) {
        byte[] frame = new byte[5 + payload.length];
        frame[0] = (byte) (compressed ? 1 : 0);
        frame[1] = (byte) (payload.length >>> 24);
        frame[2] = (byte) (payload.length >>> 16);
        frame[3] = (byte) (payload.length >>> 8);
        frame[4] = (byte) payload.length;
        System.arraycopy(payload, 0, frame, 5, payload.length);
        return frame;
    }

    private static byte[] gzipZeros(int size) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] chunk = new byte[1 << 20];
        try (GZIPOutputStream gz = new GZIPOutputStream(out, 1 << 16)) {
            for (int i = 0; i < size / chunk.length; i++) {
                gz.write(chunk);
            }
        }
        return out.toByteArray();
    }

    @Test
    void deepNestingInvalidUtf8AndHugeAttributeCounts() throws Exception {
        AggregatedHttpResponse deep = http("/v1/logs", "application/x-protobuf", null, Payloads.deepKvlist(200).toByteArray());
        assertThat(deep.status().code()).isEqualTo(400);
        assertThat(statusMessage(deep)).contains("nesting");
        StringBuilder deepJson = new StringBuilder();
        for (int i = 0; i < 300; i++) {
            deepJson.append("{\"kvlistValue\":{\"values\":[{\"key\":\"k\",\"value\":");
        }
        String json = "{\"resourceLogs\":[{\"scopeLogs\":[{\"logRecords\":[{\"body\":" + deepJson + "{}" + "}]}}".repeat(300) + "}]}]}]}";
        assertThat(http("/v1/logs", "application/json", null, json.getBytes()).status().code()).isEqualTo(400);
        // Modest nesting is fine.
        assertThat(http("/v1/logs", "application/x-protobuf", null, Payloads.deepKvlist(20).toByteArray()).status().code()).isEqualTo(200);

        // A string field holding bytes that are not UTF-8: proto3 requires valid UTF-8.
        byte[] good = ExportLogsServiceRequest.newBuilder().addResourceLogs(ResourceLogs.newBuilder().addScopeLogs(ScopeLogs.newBuilder()
                .addLogRecords(LogRecord.newBuilder().setTimeUnixNano(Payloads.NOW).setSeverityText("ABCD")))).build().toByteArray();
        byte[] bad = good.clone();
        int at = indexOf(bad, "ABCD".getBytes(StandardCharsets.US_ASCII));
        bad[at] = (byte) 0xC3;
        bad[at + 1] = (byte) 0x28;
        AggregatedHttpResponse utf8 = http("/v1/logs", "application/x-protobuf", null, bad);
        assertThat(utf8.status().code()).isEqualTo(400);
        assertThat(statusMessage(utf8)).contains("UTF-8");
        AggregatedHttpResponse utf8Json = http("/v1/logs", "application/json", null,
                concat("{\"resourceLogs\":[{\"scopeLogs\":[{\"logRecords\":[{\"severityText\":\"".getBytes(), new byte[] {(byte) 0xC3, 0x28},
                        "\"}]}]}]}".getBytes()));
        assertThat(utf8Json.status().code()).isEqualTo(400);

        // 5000 attributes on one record: refused as a partial success, the other record is stored.
        LogRecord.Builder many = LogRecord.newBuilder().setTimeUnixNano(Payloads.NOW).setBody(AnyValue.newBuilder().setStringValue("too many"));
        for (int i = 0; i < 5000; i++) {
            many.addAttributes(Payloads.kv("k" + i, "v"));
        }
        ExportLogsServiceRequest req = ExportLogsServiceRequest.newBuilder().addResourceLogs(ResourceLogs.newBuilder()
                .setResource(Payloads.resource("attr-flood")).addScopeLogs(ScopeLogs.newBuilder().addLogRecords(many)
                        .addLogRecords(LogRecord.newBuilder().setTimeUnixNano(Payloads.NOW).setBody(AnyValue.newBuilder().setStringValue("fine")))))
                .build();
        AggregatedHttpResponse flood = http("/v1/logs", "application/x-protobuf", null, req.toByteArray());
        assertThat(flood.status().code()).isEqualTo(200);
        ExportLogsServiceResponse resp = ExportLogsServiceResponse.parseFrom(flood.content().array());
        assertThat(resp.getPartialSuccess().getRejectedLogRecords()).isEqualTo(1);
        assertThat(resp.getPartialSuccess().getErrorMessage()).contains("more attributes than the per-record limit");
        h.awaitDrained();
        assertThat(h.rows("SELECT Body FROM otel.otel_logs WHERE ServiceName = 'attr-flood'").toString()).isEqualTo("[{\"Body\":\"fine\"}]");
    }

    @Test
    void thousandsOfMutatedPayloadsOnBothPortsNeverBreakTheServerOrLoseValidData() throws Exception {
        Random random = new Random(42);
        List<byte[]> seeds = List.of(Payloads.logs("fuzz", "body", 5).toByteArray(), Payloads.spans("fuzz", 5).toByteArray(),
                Payloads.metrics("fuzz").toByteArray());
        String[] http = {"/v1/logs", "/v1/traces", "/v1/metrics"};
        String[] grpc = {"logs.v1.LogsService", "trace.v1.TraceService", "metrics.v1.MetricsService"};
        int[] httpCodes = new int[600];
        List<Integer> grpcCodes = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            int s = random.nextInt(3);
            byte[] mutated = mutate(seeds.get(s), random);
            if (i % 2 == 0) {
                int code = http(http[s], "application/x-protobuf", null, mutated).status().code();
                httpCodes[code]++;
            } else {
                grpcCodes.add(grpcStatus(grpc(grpc[s], mutated, random.nextInt(4) == 0)));
            }
        }
        // Only "taken" or "your payload is bad": never a server error, never a hang.
        for (int code = 0; code < httpCodes.length; code++) {
            if (httpCodes[code] > 0) {
                assertThat(code).as("HTTP status seen %d times", httpCodes[code]).isIn(200, 400);
            }
        }
        assertThat(httpCodes[400]).isPositive();
        assertThat(grpcCodes).allSatisfy(c -> assertThat(c).isIn(0, 3));
        assertThat(grpcCodes).contains(0, 3);

        // Valid data still flows, and everything that was accepted is inserted.
        assertThat(http("/v1/logs", "application/x-protobuf", null, Payloads.logs("after-fuzz", "ok", 10).toByteArray()).status().code())
                .isEqualTo(200);
        h.awaitDrained();
        assertThat(h.count("otel_logs WHERE ServiceName = 'after-fuzz'")).isEqualTo(10);
        for (String signal : new String[] {"logs", "traces", "metrics"}) {
            assertThat(h.counter("pharos_ingest_inserted_records_total", "signal", signal))
                    .isEqualTo(h.counter("pharos_ingest_accepted_records_total", "signal", signal));
        }
    }

    /** One to four random edits: bit flips, byte overwrites, truncation, insertion, duplication of a slice. */
    static byte[] mutate(byte[] seed, Random r) {
        byte[] b = seed.clone();
        int edits = 1 + r.nextInt(4);
        for (int e = 0; e < edits && b.length > 1; e++) {
            int at = r.nextInt(b.length);
            switch (r.nextInt(5)) {
                case 0 -> b[at] ^= (byte) (1 << r.nextInt(8));
                case 1 -> b[at] = (byte) r.nextInt(256);
                case 2 -> b = Arrays.copyOf(b, at);
                case 3 -> {
                    byte[] c = new byte[b.length + 1];
                    System.arraycopy(b, 0, c, 0, at);
                    c[at] = (byte) r.nextInt(256);
                    System.arraycopy(b, at, c, at + 1, b.length - at);
                    b = c;
                }
                default -> {
                    int len = Math.min(b.length - at, 1 + r.nextInt(16));
                    b = concat(Arrays.copyOf(b, at + len), Arrays.copyOfRange(b, at, b.length));
                }
            }
        }
        return b;
    }

    static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int pos = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, pos, p.length);
            pos += p.length;
        }
        return out;
    }

    static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("not found");
    }
}
