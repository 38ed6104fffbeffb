package dev.pharos.agent.forward;

import dev.pharos.agent.AgentMetrics;
import dev.pharos.agent.AgentSettings;
import dev.pharos.agent.collect.DeliveryProgress;
import dev.pharos.agent.collect.LogStream;
import dev.pharos.agent.collect.RecordSink;
import dev.pharos.agent.collect.TailedFile;
import dev.pharos.agent.collect.Utf8;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Encodes records into the open batch as they are read, and seals it at {@code batchLines}
 * records, {@code batchSize} bytes or {@code batchAge}. Runs on the tailing thread only.
 */
public final class Batcher implements RecordSink {

    private final AgentSettings settings;
    private final Forwarder forwarder;
    private final SendBudget budget;
    private final AgentMetrics metrics;
    private final OtlpLogsEncoder encoder;
    private final Gzip gzip;
    private final Map<TailedFile, FilePart> parts = new LinkedHashMap<>();
    /**
     * Record buffers and the request buffer are reused from batch to batch: the open batch lives
     * across young collections, and new buffers each time would be promoted and die old, growing
     * the heap. Only the body that is sent (compressed) is allocated per batch.
     */
    private final java.util.ArrayDeque<ProtoBuffer> spare = new java.util.ArrayDeque<>();
    private final ProtoBuffer request = new ProtoBuffer(64 * 1024);
    private long spareBytes;
    private int records;
    private long bytes;
    private long openedNanos;
    private byte[] repaired = new byte[0];

    public Batcher(AgentSettings settings, Forwarder forwarder, SendBudget budget, AgentMetrics metrics) {
        this.settings = settings;
        this.forwarder = forwarder;
        this.budget = budget;
        this.metrics = metrics;
        this.encoder = new OtlpLogsEncoder(settings.resourceAttributes());
        this.gzip = settings.gzip() ? new Gzip() : null;
    }

    @Override
    public void accept(TailedFile source, long timeUnixNanos, LogStream stream, byte[] body, int offset, int length, long safeOffset,
                       long endOffset) {
        if (!Utf8.isValid(body, offset, offset + length)) {
            if (repaired.length < length * 3) {
                repaired = new byte[length * 3];
            }
            length = Utf8.repair(body, offset, offset + length, repaired);
            body = repaired;
            offset = 0;
            metrics.invalidUtf8();
        }
        FilePart part = parts.get(source);
        if (part == null) {
            part = new FilePart(source, encoder, takeBuffer());
            parts.put(source, part);
        }
        int before = part.records.size();
        encoder.record(part.records, timeUnixNanos, System.currentTimeMillis() * 1_000_000L, body, offset, length,
                part.attributes(stream));
        int added = part.records.size() - before;
        part.count++;
        part.lastSafe = safeOffset;
        part.lastEnd = endOffset;
        source.recordBuffered();
        if (records == 0) {
            openedNanos = System.nanoTime();
        }
        records++;
        bytes += added;
        budget.charge(added);
        if (records >= settings.batchLines() || bytes >= settings.batchBytes()) {
            seal();
        }
    }

    @Override
    public void tick(long nanoTime) {
        if (records > 0 && nanoTime - openedNanos >= settings.batchAge().toNanos()) {
            seal();
        }
    }

    @Override
    public void flush() {
        seal();
    }

    @Override
    public boolean hasRoom() {
        return budget.hasRoom();
    }

    @Override
    public void awaitRoom(long nanos) throws InterruptedException {
        budget.awaitRoom(nanos);
    }

    private ProtoBuffer takeBuffer() {
        if (spare.isEmpty()) {
            return new ProtoBuffer(8192);
        }
        ProtoBuffer b = spare.pop();
        spareBytes -= b.capacity();
        return b;
    }

    /** Keeps a buffer for the next batch, up to about two batches' worth of buffers. */
    private void giveBack(ProtoBuffer b) {
        b.reset();
        if (spareBytes + b.capacity() <= 2 * settings.batchBytes() + (1 << 20)) {
            spare.push(b);
            spareBytes += b.capacity();
        }
    }

    private void seal() {
        if (records == 0) {
            return;
        }
        OtlpLogsEncoder.request(parts.values(), request);
        List<DeliveryProgress.Span> spans = new ArrayList<>(parts.size());
        // Parts are in the order their files were first seen in this batch; per file, spans are registered in sealing order.
        for (FilePart p : parts.values()) {
            spans.add(p.file.progress().add(p.lastSafe, p.lastEnd));
            p.file.recordsSealed(p.count);
            giveBack(p.records);
        }
        byte[] body = gzip != null ? gzip.compress(request.array(), request.size()) : request.toByteArray();
        request.shrinkTo(4 * settings.batchBytes());
        forwarder.submit(new Batch(body, gzip != null, records, bytes, spans));
        parts.clear();
        records = 0;
        bytes = 0;
    }

    /** One file's records in the open batch. */
    private static final class FilePart implements OtlpLogsEncoder.Part {
        final TailedFile file;
        final byte[] resource;
        final ProtoBuffer records;
        private final OtlpLogsEncoder encoder;
        private byte[] stdoutAttributes;
        private byte[] stderrAttributes;
        int count;
        long lastSafe;
        long lastEnd;

        FilePart(TailedFile file, OtlpLogsEncoder encoder, ProtoBuffer records) {
            this.file = file;
            this.records = records;
            this.encoder = encoder;
            this.resource = encoder.resource(file.pod());
        }

        byte[] attributes(LogStream stream) {
            if (stream == LogStream.STDOUT) {
                if (stdoutAttributes == null) {
                    stdoutAttributes = encoder.recordAttributes(stream, file.path().toString());
                }
                return stdoutAttributes;
            }
            if (stderrAttributes == null) {
                stderrAttributes = encoder.recordAttributes(stream, file.path().toString());
            }
            return stderrAttributes;
        }

        @Override
        public byte[] resource() {
            return resource;
        }

        @Override
        public ProtoBuffer records() {
            return records;
        }
    }
}
