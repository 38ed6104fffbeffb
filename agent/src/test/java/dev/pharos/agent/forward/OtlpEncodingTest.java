package dev.pharos.agent.forward;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pharos.agent.collect.LogStream;
import dev.pharos.agent.collect.PodLogPath;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/** The hand-written protobuf decodes with the generated OTLP classes to exactly what was meant. */
class OtlpEncodingTest {

    private static Map<String, String> flat(List<KeyValue> kvs) {
        Map<String, String> m = new LinkedHashMap<>();
        kvs.forEach(kv -> m.put(kv.getKey(), kv.getValue().hasIntValue() ? "int:" + kv.getValue().getIntValue() : kv.getValue().getStringValue()));
        return m;
    }

    record Part(byte[] resource, ProtoBuffer records) implements OtlpLogsEncoder.Part {}

    @Test
    void requestsDecodeWithTheGeneratedClasses() throws Exception {
        OtlpLogsEncoder enc = new OtlpLogsEncoder(Map.of("k8s.cluster.name", "prod-eu"));
        PodLogPath pod = new PodLogPath("shop", "checkout-1", "uid-1", "app", 2);
        ProtoBuffer a = new ProtoBuffer(16);
        byte[] long300 = "é".repeat(150).getBytes(StandardCharsets.UTF_8);
        enc.record(a, 1_700_000_000_123_456_789L, 1_700_000_001_000_000_000L, "hello".getBytes(StandardCharsets.UTF_8), 0, 5,
                enc.recordAttributes(LogStream.STDOUT, "/var/log/pods/shop_checkout-1_uid-1/app/2.log"));
        enc.record(a, 5, 6, long300, 0, long300.length, enc.recordAttributes(LogStream.STDERR, "/p"));
        ProtoBuffer b = new ProtoBuffer(16);
        enc.record(b, 7, 8, new byte[0], 0, 0, enc.recordAttributes(LogStream.STDOUT, "/q"));
        byte[] body = OtlpLogsEncoder.request(List.of(new Part(enc.resource(pod), a), new Part(enc.resource(null), b)));

        ExportLogsServiceRequest req = ExportLogsServiceRequest.parseFrom(body);
        assertThat(req.getResourceLogsCount()).isEqualTo(2);
        ResourceLogs first = req.getResourceLogs(0);
        assertThat(flat(first.getResource().getAttributesList())).containsExactly(
                Map.entry("service.name", "app"), Map.entry("k8s.namespace.name", "shop"), Map.entry("k8s.pod.name", "checkout-1"),
                Map.entry("k8s.pod.uid", "uid-1"), Map.entry("k8s.container.name", "app"), Map.entry("k8s.container.restart_count", "int:2"),
                Map.entry("k8s.cluster.name", "prod-eu"));
        List<LogRecord> records = first.getScopeLogs(0).getLogRecordsList();
        assertThat(records).hasSize(2);
        assertThat(records.get(0).getTimeUnixNano()).isEqualTo(1_700_000_000_123_456_789L);
        assertThat(records.get(0).getObservedTimeUnixNano()).isEqualTo(1_700_000_001_000_000_000L);
        assertThat(records.get(0).getBody().getStringValue()).isEqualTo("hello");
        assertThat(flat(records.get(0).getAttributesList())).containsExactly(Map.entry("log.iostream", "stdout"),
                Map.entry("log.file.path", "/var/log/pods/shop_checkout-1_uid-1/app/2.log"));
        assertThat(records.get(1).getBody().getStringValue()).isEqualTo("é".repeat(150));
        assertThat(flat(records.get(1).getAttributesList())).containsEntry("log.iostream", "stderr");
        ResourceLogs second = req.getResourceLogs(1);
        assertThat(flat(second.getResource().getAttributesList())).containsExactly(Map.entry("k8s.cluster.name", "prod-eu"));
        assertThat(second.getScopeLogs(0).getLogRecords(0).getBody().getStringValue()).isEmpty();
        assertThat(second.getScopeLogs(0).getLogRecords(0).getTimeUnixNano()).isEqualTo(7);
    }

    @Test
    void gzipRoundTripsThroughTheJdkDecoder() throws Exception {
        Gzip gzip = new Gzip();
        for (int size : new int[] {0, 1, 1000, 300_000}) {
            byte[] in = new byte[size];
            for (int i = 0; i < size; i++) {
                in[i] = (byte) (i % 7 == 0 ? i * 31 : 'a' + i % 5);
            }
            byte[] z = gzip.compress(in, in.length);
            assertThat(new GZIPInputStream(new ByteArrayInputStream(z)).readAllBytes()).isEqualTo(in);
        }
        gzip.close();
    }

    @Test
    void partialSuccessAndErrorBodiesAreRead() {
        byte[] partial = io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse.newBuilder()
                .setPartialSuccess(io.opentelemetry.proto.collector.logs.v1.ExportLogsPartialSuccess.newBuilder()
                        .setRejectedLogRecords(3).setErrorMessage("too old").build()).build().toByteArray();
        assertThat(Forwarder.PartialSuccess.parse(partial)).isEqualTo(new Forwarder.PartialSuccess(3, "too old"));
        assertThat(Forwarder.PartialSuccess.parse(new byte[0]).rejected()).isZero();
        assertThat(Forwarder.PartialSuccess.parse("<html>".getBytes()).rejected()).isZero();
        // google.rpc.Status { int32 code = 1; string message = 2; }, as Pharos answers a 400.
        ProtoBuffer st = new ProtoBuffer(8);
        st.tag(1, ProtoBuffer.VARINT);
        st.varint(3);
        byte[] msg = "malformed protobuf".getBytes(StandardCharsets.UTF_8);
        st.field(2, msg, 0, msg.length);
        byte[] status = st.toByteArray();
        assertThat(Forwarder.errorText(status)).isEqualTo("malformed protobuf");
        assertThat(Forwarder.errorText("plain\ntext".getBytes())).isEqualTo("plain text");
    }
}
