package dev.pharos.process.prometheus;

import dev.pharos.process.otlp.Rejection;
import dev.pharos.process.wire.Utf8Check;
import dev.pharos.store.nativeformat.StringMapColumn;
import java.util.Arrays;

/**
 * The labels of the series being mapped, as offsets into the request bytes (no String per label):
 * checked, put in name order, fingerprinted, and copied into the insert columns only for the rare
 * series the {@link SeriesCache} has not seen. Reused across series and requests.
 */
final class SeriesLabels {

    private static final byte[] NAME = "__name__".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private byte[] buf;
    // name start, name end, value start, value end per label
    private int[] spans = new int[64];
    private int count;
    private int nameLabel = -1;
    private final Fingerprint fingerprint = new Fingerprint();

    void clear(byte[] buf) {
        this.buf = buf;
        count = 0;
        nameLabel = -1;
    }

    void add(int nameStart, int nameEnd, int valueStart, int valueEnd) {
        if (valueEnd == valueStart) {
            return; // an empty value is the label's absence in Prometheus
        }
        if (count * 4 + 4 > spans.length) {
            spans = Arrays.copyOf(spans, spans.length * 2);
        }
        int i = count * 4;
        spans[i] = nameStart;
        spans[i + 1] = nameEnd;
        spans[i + 2] = valueStart;
        spans[i + 3] = valueEnd;
        count++;
    }

    int count() {
        return count;
    }

    /**
     * Sorts by name (remote write 1.0 senders need not sort) and checks the set; null when it may be
     * stored, else why not.
     */
    Rejection settle(int maxLabels) {
        if (count > maxLabels) {
            return Rejection.TOO_MANY_ATTRIBUTES;
        }
        sort();
        nameLabel = -1;
        for (int l = 0; l < count; l++) {
            int ns = spans[l * 4];
            int ne = spans[l * 4 + 1];
            if (ne == ns || !Utf8Check.isValid(buf, ns, ne) || !Utf8Check.isValid(buf, spans[l * 4 + 2], spans[l * 4 + 3])) {
                return Rejection.INVALID_LABELS;
            }
            if (l > 0 && compareNames(l - 1, l) == 0) {
                return Rejection.INVALID_LABELS;
            }
            if (Arrays.equals(buf, ns, ne, NAME, 0, NAME.length)) {
                nameLabel = l;
            }
        }
        return nameLabel < 0 ? Rejection.NO_METRIC_NAME : null;
    }

    /** Insertion sort: label sets are small and usually sorted already. */
    private void sort() {
        for (int i = 1; i < count; i++) {
            for (int j = i; j > 0 && compareNames(j - 1, j) > 0; j--) {
                for (int k = 0; k < 4; k++) {
                    int t = spans[j * 4 + k];
                    spans[j * 4 + k] = spans[(j - 1) * 4 + k];
                    spans[(j - 1) * 4 + k] = t;
                }
            }
        }
    }

    private int compareNames(int a, int b) {
        return Arrays.compareUnsigned(buf, spans[a * 4], spans[a * 4 + 1], buf, spans[b * 4], spans[b * 4 + 1]);
    }

    /** Checks an exemplar's labels: no metric name needed; null when they may be stored. */
    Rejection settleWithoutName(int maxLabels) {
        Rejection why = settle(maxLabels);
        return why == Rejection.NO_METRIC_NAME ? null : why;
    }

    byte[] bufRef() {
        return buf;
    }

    /** The value of label {@code name}, or null when the series has none. Called once per series at most. */
    String value(String name) {
        byte[] n = name.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        for (int l = 0; l < count; l++) {
            if (Arrays.equals(buf, spans[l * 4], spans[l * 4 + 1], n, 0, n.length)) {
                return new String(buf, spans[l * 4 + 2], spans[l * 4 + 3] - spans[l * 4 + 2], java.nio.charset.StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    long fingerprint() {
        Fingerprint f = fingerprint.reset();
        for (int l = 0; l < count; l++) {
            f.add(buf, spans[l * 4], spans[l * 4 + 1], spans[l * 4 + 2], spans[l * 4 + 3]);
        }
        return f.value();
    }

    int nameStart() {
        return spans[nameLabel * 4 + 2];
    }

    int nameEnd() {
        return spans[nameLabel * 4 + 3];
    }

    /** Every label but {@code __name__}, as one map row. */
    void writeMap(StringMapColumn column) {
        for (int l = 0; l < count; l++) {
            if (l == nameLabel) {
                continue;
            }
            column.putUtf8(Arrays.copyOfRange(buf, spans[l * 4], spans[l * 4 + 1]), Arrays.copyOfRange(buf, spans[l * 4 + 2], spans[l * 4 + 3]));
        }
        column.endRow();
    }
}
