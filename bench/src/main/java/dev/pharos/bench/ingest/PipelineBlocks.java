package dev.pharos.bench.ingest;

import dev.pharos.access.Tenants;
import dev.pharos.process.dataset.Dataset;
import dev.pharos.process.dataset.Datasets;
import dev.pharos.process.otlp.LogsWireMapper;
import dev.pharos.process.otlp.MapResult;
import dev.pharos.process.otlp.RecordRules;
import dev.pharos.process.otlp.TenantStamp;
import dev.pharos.process.otlp.TracesWireMapper;
import dev.pharos.process.redact.RedactionPolicy;
import dev.pharos.process.redact.Redactor;
import dev.pharos.store.batch.LogsBatch;
import dev.pharos.store.batch.TableBatch;
import dev.pharos.store.batch.TracesBatch;
import dev.pharos.store.dataset.DatasetShape;
import java.util.ArrayList;
import java.util.List;

/**
 * The blocks Pharos's pipeline hands the engine for the bench's requests: the same mappers, the
 * default redaction, the same columns, rows in the order they arrive, batches of the configured
 * size. What the engine-alone measurement inserts, so that it differs from the end-to-end run by
 * receiving and decoding only, not by the rows (rows read back from a table come sorted by its key,
 * which spares the engine its sort).
 */
final class PipelineBlocks {

    private PipelineBlocks() {}

    /** The table those blocks go to: the one the pipeline inserts into (for logs, the Null table in front of the datasets). */
    static String table(boolean traces) {
        return traces ? TracesBatch.TABLE : LogsBatch.TABLE;
    }

    /** {@code count} batches of at least {@code batchRows} rows, mapping the requests in turn. */
    static List<TableBatch> make(boolean traces, List<TelemetryGenerator.Payload> payloads, int batchRows, int count) {
        Redactor redactor = new Redactor(RedactionPolicy.defaults());
        LogsWireMapper logs = new LogsWireMapper(64, Datasets.only(new Dataset(DatasetShape.DEFAULT, List.of(), redactor)));
        TracesWireMapper spans = new TracesWireMapper(64, redactor);
        RecordRules rules = RecordRules.forRetention(RecordRules.DEFAULT_MAX_ATTRIBUTES, 30, new TenantStamp(Tenants.all(), null));
        List<TableBatch> out = new ArrayList<>(count);
        int next = 0;
        for (int i = 0; i < count; i++) {
            TableBatch batch = traces ? new TracesBatch() : new LogsBatch();
            while (batch.rows() < batchRows) {
                byte[] body = payloads.get(next++ % payloads.size()).body();
                MapResult result = new MapResult();
                if (batch instanceof LogsBatch l) {
                    logs.map(body, body.length, l, rules, result);
                } else {
                    spans.map(body, body.length, (TracesBatch) batch, rules, result);
                }
                if (result.rejected() > 0) {
                    throw new IllegalStateException("the pipeline's mapper refused bench records: " + result.message());
                }
            }
            out.add(batch);
        }
        return out;
    }
}
