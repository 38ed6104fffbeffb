package dev.pharos.process.prometheus;

import dev.pharos.process.otlp.MapResult;
import dev.pharos.process.otlp.RecordRules;
import dev.pharos.process.otlp.Rejection;
import dev.pharos.process.wire.Utf8Check;
import dev.pharos.process.wire.WireReader;
import dev.pharos.store.batch.PromBatches;
import dev.pharos.store.nativeformat.StringColumn;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Prometheus remote-write requests mapped to {@code prom_*} rows straight from the request bytes,
 * version 1.0 ({@code prometheus.WriteRequest}) and 2.0 ({@code io.prometheus.write.v2.Request},
 * strings interned in a symbol table). One instance per decoding thread.
 *
 * <p>Field numbers are those of prompb/remote.proto, prompb/types.proto and
 * prompb/io/prometheus/write/v2/types.proto. Native histograms are refused (counted), the rest of
 * the request is kept.
 */
public final class RemoteWriteMapper {

    private static final String[] TYPES = {"unknown", "counter", "gauge", "histogram", "gaugehistogram", "summary", "info", "stateset"};

    /** What one request wrote, for the remote-write 2.0 response headers. */
    public static final class Written {
        private int samples;
        private int exemplars;
        private int histograms;

        public int samples() {
            return samples;
        }

        public int exemplars() {
            return exemplars;
        }

        public int histograms() {
            return histograms;
        }
    }

    private final SeriesCache cache;
    private final SeriesLabels labels = new SeriesLabels();
    private final SeriesLabels exemplarLabels = new SeriesLabels();
    private int[] symbols = new int[256];
    private int symbolCount;
    private String tenantName;
    private byte[] tenant;
    private long tenantHash;
    // The sample just read by readSample: no array per sample.
    private long sampleTime;
    private long sampleBits;

    public RemoteWriteMapper(SeriesCache cache) {
        this.cache = cache;
    }

    /** A remote-write 1.0 WriteRequest. */
    public void mapV1(byte[] buf, int len, PromBatches b, RecordRules rules, MapResult result, Written written) {
        WireReader req = new WireReader(buf, 0, len);
        while (req.next()) {
            switch (req.field()) {
                case 1 -> {
                    int s = req.bytesField();
                    seriesV1(buf, s, req.pos, b, rules, result, written);
                }
                case 3 -> {
                    int s = req.bytesField();
                    metadataV1(buf, s, req.pos, b, rules);
                }
                default -> req.skip();
            }
        }
    }

    /** A remote-write 2.0 Request: the symbol table first (field 4), then the series (field 5). */
    public void mapV2(byte[] buf, int len, PromBatches b, RecordRules rules, MapResult result, Written written) {
        symbolCount = 0;
        WireReader req = new WireReader(buf, 0, len);
        while (req.next()) {
            if (req.field() == 4) {
                int s = req.bytesField();
                if (symbolCount * 2 + 2 > symbols.length) {
                    symbols = Arrays.copyOf(symbols, symbols.length * 2);
                }
                symbols[symbolCount * 2] = s;
                symbols[symbolCount * 2 + 1] = req.pos;
                symbolCount++;
            } else {
                req.skip();
            }
        }
        req = new WireReader(buf, 0, len);
        while (req.next()) {
            if (req.field() == 5) {
                int s = req.bytesField();
                seriesV2(buf, s, req.pos, b, rules, result, written);
            } else {
                req.skip();
            }
        }
    }

    private void seriesV1(byte[] buf, int start, int end, PromBatches b, RecordRules rules, MapResult result, Written written) {
        labels.clear(buf);
        int samples = 0;
        int histograms = 0;
        WireReader r = new WireReader(buf, start, end);
        while (r.next()) {
            switch (r.field()) {
                case 1 -> label(r, labels);
                case 2 -> { r.skip(); samples++; }
                case 4 -> { r.skip(); histograms++; }
                default -> r.skip();
            }
        }
        if (!admitSeries(rules, result, samples, histograms)) {
            return;
        }
        long fp = labels.fingerprint();
        boolean seriesWritten = false;
        r = new WireReader(buf, start, end);
        while (r.next()) {
            switch (r.field()) {
                case 2 -> {
                    readSample(buf, r.bytesField(), r.pos);
                    seriesWritten |= sample(b, fp, rules, result, written, seriesWritten);
                }
                case 3 -> {
                    int s = r.bytesField();
                    exemplarV1(buf, s, r.pos, b, fp, written);
                }
                default -> r.skip();
            }
        }
    }

    private void seriesV2(byte[] buf, int start, int end, PromBatches b, RecordRules rules, MapResult result, Written written) {
        labels.clear(buf);
        int samples = 0;
        int histograms = 0;
        long type = 0;
        int helpRef = 0;
        int unitRef = 0;
        WireReader r = new WireReader(buf, start, end);
        while (r.next()) {
            switch (r.field()) {
                case 1 -> refs(r, labels);
                case 2 -> { r.skip(); samples++; }
                case 3 -> { r.skip(); histograms++; }
                case 5 -> {
                    WireReader m = new WireReader(buf, r.bytesField(), r.pos);
                    while (m.next()) {
                        switch (m.field()) {
                            case 1 -> type = m.number();
                            case 3 -> helpRef = (int) m.number();
                            case 4 -> unitRef = (int) m.number();
                            default -> m.skip();
                        }
                    }
                }
                default -> r.skip();
            }
        }
        if (!admitSeries(rules, result, samples, histograms)) {
            return;
        }
        long fp = labels.fingerprint();
        boolean seriesWritten = false;
        r = new WireReader(buf, start, end);
        while (r.next()) {
            switch (r.field()) {
                case 2 -> {
                    readSample(buf, r.bytesField(), r.pos);
                    boolean wrote = sample(b, fp, rules, result, written, seriesWritten);
                    if (wrote && !seriesWritten && (type != 0 || helpRef != 0 || unitRef != 0)) {
                        metadata(b, buf, labels.nameStart(), labels.nameEnd(), type, helpRef, unitRef, rules);
                    }
                    seriesWritten |= wrote;
                }
                case 4 -> {
                    int s = r.bytesField();
                    exemplarV2(buf, s, r.pos, b, fp, written);
                }
                default -> r.skip();
            }
        }
    }

    /** Reads a 1.0 Label message (name = 1, value = 2) at the reader's current field. */
    private static void label(WireReader r, SeriesLabels into) {
        WireReader l = new WireReader(r.buf, r.bytesField(), r.pos);
        int ns = 0, ne = 0, vs = 0, ve = 0;
        while (l.next()) {
            switch (l.field()) {
                case 1 -> { ns = l.bytesField(); ne = l.pos; }
                case 2 -> { vs = l.bytesField(); ve = l.pos; }
                default -> l.skip();
            }
        }
        into.add(ns, ne, vs, ve);
    }

    /** Reads label references, packed or not, as pairs of symbol indexes. */
    private void refs(WireReader r, SeriesLabels into) {
        if (r.wireType() == WireReader.LEN) {
            WireReader p = new WireReader(r.buf, r.bytesField(), r.pos);
            while (p.pos < p.limit) {
                int name = symbol(p.varint());
                if (p.pos >= p.limit) {
                    throw WireReader.malformed("label references must come in name/value pairs");
                }
                int value = symbol(p.varint());
                into.add(symbols[name * 2], symbols[name * 2 + 1], symbols[value * 2], symbols[value * 2 + 1]);
            }
        } else {
            throw WireReader.malformed("label references must be packed");
        }
    }

    private int symbol(long ref) {
        if (ref < 0 || ref >= symbolCount) {
            throw WireReader.malformed("symbol reference " + ref + " outside the symbol table of " + symbolCount);
        }
        return (int) ref;
    }

    private Rejection admit(SeriesLabels l, RecordRules rules) {
        Rejection why = l.settle(rules.maxAttributes());
        if (why != null) {
            return why;
        }
        String named = null;
        if (rules.tenants().attribute() != null) {
            named = l.value(rules.tenants().attribute());
        }
        String t = rules.tenants().tenantFor(named);
        if (t == null) {
            return Rejection.TENANT_NOT_ALLOWED;
        }
        // Every series of a request usually has the same tenant (the token's home tenant, the same String).
        if (!t.equals(tenantName)) {
            tenantName = t;
            tenant = t.getBytes(StandardCharsets.UTF_8);
            tenantHash = t.hashCode();
        }
        return null;
    }

    /** Checks the series' labels and tenant, and refuses its native histograms; false when the whole series is refused. */
    private boolean admitSeries(RecordRules rules, MapResult result, int samples, int histograms) {
        Rejection why = admit(labels, rules);
        if (why != null) {
            result.reject(why, samples + histograms);
            return false;
        }
        if (histograms > 0) {
            result.reject(Rejection.NATIVE_HISTOGRAM, histograms);
        }
        return true;
    }

    /** Reads a Sample message (same field numbers in 1.0 and 2.0) into {@link #sampleTime} and {@link #sampleBits}. */
    private void readSample(byte[] buf, int start, int end) {
        long value = 0;
        long ts = 0;
        WireReader s = new WireReader(buf, start, end);
        while (s.next()) {
            switch (s.field()) {
                case 1 -> {
                    if (s.wireType() != WireReader.I64) {
                        throw WireReader.malformed("sample value must be a double");
                    }
                    value = s.fixed64();
                }
                case 2 -> ts = s.number();
                default -> s.skip();
            }
        }
        sampleTime = ts;
        sampleBits = value;
    }

    /** Writes one sample (and the series row when the cache says so); false when refused. */
    private boolean sample(PromBatches b, long fp, RecordRules rules, MapResult result, Written written, boolean seriesWritten) {
        long timeMs = sampleTime;
        if (rules.tooOld(timeMs * 1_000_000L)) {
            result.reject(Rejection.TOO_OLD);
            return false;
        }
        PromBatches.Samples s = b.samples();
        put(s.tenant, tenant);
        s.metricName.add(labels.bufRef(), labels.nameStart(), labels.nameEnd() - labels.nameStart());
        s.fingerprint.add(fp);
        s.timestamp.add(timeMs);
        s.addValue(sampleBits);
        result.accept();
        written.samples++;
        if (!seriesWritten && cache.needsRow(tenantHash, fp, timeMs)) {
            PromBatches.Series row = b.series();
            put(row.tenant, tenant);
            row.metricName.add(labels.bufRef(), labels.nameStart(), labels.nameEnd() - labels.nameStart());
            row.fingerprint.add(fp);
            labels.writeMap(row.labels);
            row.coverSpanOf(timeMs);
        }
        return true;
    }

    private void exemplarV1(byte[] buf, int start, int end, PromBatches b, long fp, Written written) {
        exemplarLabels.clear(buf);
        long value = 0;
        long ts = 0;
        WireReader e = new WireReader(buf, start, end);
        while (e.next()) {
            switch (e.field()) {
                case 1 -> label(e, exemplarLabels);
                case 2 -> value = e.fixed64();
                case 3 -> ts = e.number();
                default -> e.skip();
            }
        }
        exemplar(b, fp, ts, value, written);
    }

    private void exemplarV2(byte[] buf, int start, int end, PromBatches b, long fp, Written written) {
        exemplarLabels.clear(buf);
        long value = 0;
        long ts = 0;
        WireReader e = new WireReader(buf, start, end);
        while (e.next()) {
            switch (e.field()) {
                case 1 -> refs(e, exemplarLabels);
                case 2 -> value = e.fixed64();
                case 3 -> ts = e.number();
                default -> e.skip();
            }
        }
        exemplar(b, fp, ts, value, written);
    }

    private void exemplar(PromBatches b, long fp, long ts, long valueBits, Written written) {
        if (exemplarLabels.settleWithoutName(128) != null) {
            return;
        }
        PromBatches.Exemplars x = b.exemplars();
        put(x.tenant, tenant);
        x.metricName.add(labels.bufRef(), labels.nameStart(), labels.nameEnd() - labels.nameStart());
        x.fingerprint.add(fp);
        x.timestamp.add(ts);
        x.value.add(valueBits);
        exemplarLabels.writeMap(x.labels);
        written.exemplars++;
    }

    private void metadataV1(byte[] buf, int start, int end, PromBatches b, RecordRules rules) {
        long type = 0;
        int nameS = 0, nameE = 0, helpS = 0, helpE = 0, unitS = 0, unitE = 0;
        WireReader m = new WireReader(buf, start, end);
        while (m.next()) {
            switch (m.field()) {
                case 1 -> type = m.number();
                case 2 -> { nameS = m.bytesField(); nameE = m.pos; }
                case 4 -> { helpS = m.bytesField(); helpE = m.pos; }
                case 5 -> { unitS = m.bytesField(); unitE = m.pos; }
                default -> m.skip();
            }
        }
        String t = rules.tenants().tenantFor(null);
        if (nameE == nameS || t == null || !Utf8Check.isValid(buf, nameS, nameE)
                || !Utf8Check.isValid(buf, helpS, helpE) || !Utf8Check.isValid(buf, unitS, unitE)) {
            return;
        }
        PromBatches.Metadata row = b.metadata();
        row.tenant.add(t);
        row.metricFamily.add(buf, nameS, nameE - nameS);
        row.type.add(TYPES[type >= 0 && type < TYPES.length ? (int) type : 0]);
        row.help.add(buf, helpS, helpE - helpS);
        row.unit.add(buf, unitS, unitE - unitS);
        row.updated.add(rules.nowNanos() / 1_000_000_000L);
    }

    private void metadata(PromBatches b, byte[] buf, int nameS, int nameE, long type, int helpRef, int unitRef, RecordRules rules) {
        if (helpRef >= symbolCount || unitRef >= symbolCount || helpRef < 0 || unitRef < 0
                || !Utf8Check.isValid(buf, symbols[helpRef * 2], symbols[helpRef * 2 + 1])
                || !Utf8Check.isValid(buf, symbols[unitRef * 2], symbols[unitRef * 2 + 1])) {
            return;
        }
        PromBatches.Metadata row = b.metadata();
        put(row.tenant, tenant);
        row.metricFamily.add(buf, nameS, nameE - nameS);
        row.type.add(TYPES[type >= 0 && type < TYPES.length ? (int) type : 0]);
        row.help.add(buf, symbols[helpRef * 2], symbols[helpRef * 2 + 1] - symbols[helpRef * 2]);
        row.unit.add(buf, symbols[unitRef * 2], symbols[unitRef * 2 + 1] - symbols[unitRef * 2]);
        row.updated.add(rules.nowNanos() / 1_000_000_000L);
    }

    private static void put(StringColumn column, byte[] value) {
        column.add(value, 0, value.length);
    }
}
