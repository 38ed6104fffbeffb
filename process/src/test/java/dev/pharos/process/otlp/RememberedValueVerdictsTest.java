package dev.pharos.process.otlp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pharos.access.Tenants;
import dev.pharos.process.dataset.Condition;
import dev.pharos.process.dataset.Dataset;
import dev.pharos.process.dataset.DatasetRouter;
import dev.pharos.process.dataset.DatasetRule;
import dev.pharos.process.dataset.Datasets;
import dev.pharos.process.redact.RedactionMode;
import dev.pharos.process.redact.RedactionPolicy;
import dev.pharos.process.redact.Redactor;
import dev.pharos.process.redact.SecretKind;
import dev.pharos.store.batch.LogsBatch;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.resource.v1.Resource;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The mapper remembers what the prefilter found in each short value; two datasets with different
 * policies in one request must still each get their own verdict for the same value.
 */
class RememberedValueVerdictsTest {

    private static final String CARD = "4111 1111 1111 1111";

    private static ResourceLogs logOf(String service) {
        return ResourceLogs.newBuilder()
                .setResource(Resource.newBuilder().addAttributes(KeyValue.newBuilder().setKey("service.name")
                        .setValue(AnyValue.newBuilder().setStringValue(service))))
                .addScopeLogs(ScopeLogs.newBuilder().addLogRecords(LogRecord.newBuilder()
                        .setTimeUnixNano(System.currentTimeMillis() * 1_000_000L)
                        .setBody(AnyValue.newBuilder().setStringValue("paid"))
                        .addAttributes(KeyValue.newBuilder().setKey("payment.card").setValue(AnyValue.newBuilder().setStringValue(CARD)))))
                .build();
    }

    private static int occurrences(LogsBatch b, String text) {
        String values = new String(b.logAttributes.valueSink().array(), 0, b.logAttributes.valueSink().size(), StandardCharsets.ISO_8859_1);
        int n = 0;
        for (int at = values.indexOf(text); at >= 0; at = values.indexOf(text, at + 1)) {
            n++;
        }
        return n;
    }

    @Test
    void aValueOneDatasetKeepsIsStillMaskedForTheNextWhoseDetectorsFindIt() {
        // "raw" scans for e-mail addresses only; the default dataset for cards too.
        Redactor emailOnly = new Redactor(RedactionPolicy.of(EnumSet.of(SecretKind.EMAIL), RedactionMode.MASK, null));
        Redactor defaults = new Redactor(RedactionPolicy.defaults());
        Datasets datasets = new Datasets(new DatasetRouter(List.of(new DatasetRule("raw", List.of(Condition.of("service", List.of("billing-raw"), null))))),
                List.of(new Dataset("raw", List.of(), emailOnly)), new Dataset("default", List.of(), defaults));
        LogsWireMapper mapper = new LogsWireMapper(64, datasets);
        RecordRules rules = RecordRules.forRetention(RecordRules.DEFAULT_MAX_ATTRIBUTES, 0, new TenantStamp(Tenants.all(), null));
        for (List<String> order : List.of(List.of("billing-raw", "web"), List.of("web", "billing-raw"), List.of("billing-raw", "web"))) {
            ExportLogsServiceRequest.Builder req = ExportLogsServiceRequest.newBuilder();
            order.forEach(service -> req.addResourceLogs(logOf(service)));
            byte[] body = req.build().toByteArray();
            LogsBatch batch = new LogsBatch();
            MapResult result = new MapResult();
            mapper.map(body, body.length, batch, rules, result);
            assertThat(batch.rows()).as(order.toString()).isEqualTo(2);
            assertThat(occurrences(batch, CARD)).as("the raw dataset's row keeps the card, the default one masks it, in order %s", order).isEqualTo(1);
        }
    }
}
