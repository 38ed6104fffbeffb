package dev.pharos.process.prometheus;

import dev.pharos.store.batch.PromBatches;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Writes samples of label sets held as Java strings (translated OTLP metrics) into the same rows
 * remote write produces, with the same fingerprint for the same labels.
 */
final class PromSampleWriter {

    private final SeriesCache cache;
    private final Fingerprint fingerprint = new Fingerprint();

    PromSampleWriter(SeriesCache cache) {
        this.cache = cache;
    }

    /** @param labels every label but {@code __name__}, in name order */
    void write(PromBatches b, String tenant, String name, Map<String, String> labels, long timeMs, double value) {
        long fp = fingerprint(name, labels);
        PromBatches.Samples s = b.samples();
        s.tenant.add(tenant);
        s.metricName.add(name);
        s.fingerprint.add(fp);
        s.timestamp.add(timeMs);
        s.addValue(Double.doubleToRawLongBits(value));
        if (cache.needsRow(tenant.hashCode(), fp, timeMs)) {
            PromBatches.Series row = b.series();
            row.tenant.add(tenant);
            row.metricName.add(name);
            row.fingerprint.add(fp);
            for (var e : labels.entrySet()) {
                if (!e.getValue().isEmpty()) {
                    row.labels.put(e.getKey(), e.getValue());
                }
            }
            row.labels.endRow();
            row.coverSpanOf(timeMs);
        }
    }

    /** As remote write computes it: every label including {@code __name__}, in byte order of names. */
    private long fingerprint(String name, Map<String, String> labels) {
        Fingerprint f = fingerprint.reset();
        boolean nameDone = false;
        byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
        for (var e : labels.entrySet()) {
            if (!nameDone && "__name__".compareTo(e.getKey()) < 0) {
                add(f, "__name__".getBytes(StandardCharsets.US_ASCII), nameBytes);
                nameDone = true;
            }
            if (!e.getValue().isEmpty()) {
                add(f, e.getKey().getBytes(StandardCharsets.UTF_8), e.getValue().getBytes(StandardCharsets.UTF_8));
            }
        }
        if (!nameDone) {
            add(f, "__name__".getBytes(StandardCharsets.US_ASCII), nameBytes);
        }
        return f.value();
    }

    private static void add(Fingerprint f, byte[] key, byte[] value) {
        byte[] both = new byte[key.length + value.length];
        System.arraycopy(key, 0, both, 0, key.length);
        System.arraycopy(value, 0, both, key.length, value.length);
        f.add(both, 0, key.length, key.length, both.length);
    }
}
