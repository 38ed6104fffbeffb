package dev.pharos.process.pipeline.durable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pharos.process.pipeline.Signal;
import dev.pharos.store.batch.LogsBatch;
import dev.pharos.store.batch.TableBatch;
import dev.pharos.store.batch.TracesBatch;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The disk buffer's log on its own: what goes in comes back byte for byte, in seal order, minus what was damaged or capped. */
class DiskBufferTest {

    private static final Map<String, Supplier<? extends TableBatch>> TABLES = Map.of(LogsBatch.TABLE, LogsBatch::new);

    @TempDir
    Path dir;

    private final List<long[]> drops = new ArrayList<>();
    private final List<String> dropReasons = new ArrayList<>();
    private PrometheusRegistry registry;
    private DiskBuffer wal;

    @AfterEach
    void closeIt() {
        if (wal != null) {
            wal.close();
        }
    }

    private DiskBuffer open(long maxBytes, long segmentBytes) throws IOException {
        return open(maxBytes, segmentBytes, TABLES);
    }

    private DiskBuffer open(long maxBytes, long segmentBytes, Map<String, Supplier<? extends TableBatch>> tables) throws IOException {
        if (wal != null) {
            wal.close();
        }
        registry = new PrometheusRegistry();
        wal = DiskBuffer.open(new DiskBufferOptions(dir, FsyncPolicy.ALWAYS, Duration.ofMillis(100), maxBytes, segmentBytes), tables,
                (signal, reason, records) -> {
                    drops.add(new long[] {records});
                    dropReasons.add(reason);
                }, registry);
        return wal;
    }

    private DiskBuffer open() throws IOException {
        return open(64L << 20, 1L << 20);
    }

    /** One log row with every column set, distinct per {@code seq}. */
    static void addLog(LogsBatch b, long seq) {
        b.timestamp.add(1_700_000_000_000_000_000L + seq);
        b.traceId.add(seq % 3 == 0 ? "" : "0af7651916cd43dd8448eb211c80319c");
        b.spanId.add("b7ad6b7169203331");
        b.traceFlags.add(1);
        b.severityText.add("INFO");
        b.severityNumber.add(9);
        b.serviceName.add("svc-" + (seq % 5));
        b.body.add("request " + seq + " done in " + (seq * 7 % 1000) + " ms ü");
        b.resourceSchemaUrl.add("");
        b.resourceAttributes.add(Map.of("service.name", "svc-" + (seq % 5), "k8s.pod.name", "pod-" + (seq % 11)));
        b.scopeSchemaUrl.add("");
        b.scopeName.add("scope");
        b.scopeVersion.add("1.0");
        b.scopeAttributes.add(seq % 2 == 0 ? Map.of() : Map.of("a", "b"));
        b.logAttributes.add(Map.of("seq", Long.toString(seq)));
        b.eventName.add("");
        b.tenant.add("default");
        b.dataset.add("default");
    }

    /** A request of {@code n} rows from {@code from} into {@code batch}, appended to the log. */
    private long request(LogsBatch batch, WalBatch[] slot, long from, int n) throws IOException {
        batch.mark();
        for (int i = 0; i < n; i++) {
            addLog(batch, from + i);
        }
        return wal.append(Signal.LOGS, List.of(batch), slot);
    }

    static byte[] nativeBytes(TableBatch b) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            b.block().writeTo(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private byte[] reload(WalBatch w) throws IOException {
        LogsBatch back = new LogsBatch();
        wal.reload(w, back);
        return nativeBytes(back);
    }

    private double counter(String name) {
        for (MetricSnapshot s : registry.scrape()) {
            if (s instanceof CounterSnapshot c && s.getMetadata().getPrometheusName().equals(name.replace("_total", ""))) {
                return c.getDataPoints().stream().mapToDouble(CounterSnapshot.CounterDataPointSnapshot::getValue).sum();
            }
        }
        return 0;
    }

    private List<Path> segmentFiles() throws IOException {
        try (var files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".wal")).sorted(Comparator.comparing(Path::toString)).toList();
        }
    }

    @Test
    void rowsComeBackByteForByteWithTheTokenOfTheirSeal() throws IOException {
        open();
        LogsBatch batch = new LogsBatch();
        WalBatch[] slot = new WalBatch[1];
        long lsn1 = request(batch, slot, 0, 10);
        long lsn2 = request(batch, slot, 10, 10);
        long lsn3 = request(batch, slot, 20, 10);
        assertThat(lsn1).isPositive().isLessThan(lsn2);
        assertThat(lsn2).isLessThan(lsn3);
        wal.awaitDurable(lsn3);
        String token = wal.seal(slot[0]);
        byte[] original = nativeBytes(batch);
        wal.close();
        wal = null;

        open();
        assertThat(wal.recovered()).hasSize(1);
        WalBatch back = wal.recovered().getFirst();
        assertThat(back.token()).isEqualTo(token);
        assertThat(back.rows()).isEqualTo(30);
        assertThat(back.table()).isEqualTo(LogsBatch.TABLE);
        assertThat(back.signal()).isEqualTo(Signal.LOGS);
        assertThat(reload(back)).isEqualTo(original);
        assertThat(counter("pharos_disk_buffer_replayed_records_total")).isEqualTo(30);
        // Telemetry on disk is for the owner only.
        for (Path p : segmentFiles()) {
            assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(p))).isEqualTo("rw-------");
        }
    }

    @Test
    void aRequestWithNoRowsWritesNothing() throws IOException {
        open();
        LogsBatch batch = new LogsBatch();
        WalBatch[] slot = new WalBatch[1];
        batch.mark();
        assertThat(wal.append(Signal.LOGS, List.of(batch), slot)).isEqualTo(-1);
        assertThat(slot[0]).isNull();
        assertThat(wal.pendingBatches()).isZero();
    }

    @Test
    void aBatchStillOpenAtTheCrashIsSealedAtRecoveryWithATokenThatStaysForTheNextRecovery() throws IOException {
        open();
        LogsBatch batch = new LogsBatch();
        WalBatch[] slot = new WalBatch[1];
        request(batch, slot, 0, 5);
        request(batch, slot, 5, 5);
        byte[] original = nativeBytes(batch);
        wal.close();

        open();
        assertThat(wal.recovered()).hasSize(1);
        String token = wal.recovered().getFirst().token();
        assertThat(token).isNotNull();
        assertThat(reload(wal.recovered().getFirst())).isEqualTo(original);
        // Crash again before inserting it: the same token, so an insert made in between is deduplicated.
        wal.close();
        open();
        assertThat(wal.recovered()).hasSize(1);
        assertThat(wal.recovered().getFirst().token()).isEqualTo(token);
        assertThat(reload(wal.recovered().getFirst())).isEqualTo(original);
    }

    @Test
    void doneBatchesAreNotReplayedAndTheirSegmentsAreDeleted() throws IOException {
        open(1L << 20, 8192);
        List<WalBatch> sealed = new ArrayList<>();
        for (int b = 0; b < 20; b++) {
            LogsBatch batch = new LogsBatch();
            WalBatch[] slot = new WalBatch[1];
            request(batch, slot, b * 100L, 20);
            request(batch, slot, b * 100L + 20, 20);
            wal.seal(slot[0]);
            sealed.add(slot[0]);
        }
        assertThat(wal.segmentCount()).isGreaterThan(3);
        assertThat(wal.pendingBatches()).isEqualTo(20);
        // The first half reach the engine: their segments go, as far as no later batch has rows in them.
        for (int b = 0; b < 10; b++) {
            wal.done(sealed.get(b), true);
        }
        int afterHalf = wal.segmentCount();
        wal.close();
        open(1L << 20, 8192);
        assertThat(wal.recovered()).extracting(WalBatch::id).containsExactlyElementsOf(
                sealed.subList(10, 20).stream().map(WalBatch::id).toList());
        assertThat(wal.recovered()).extracting(WalBatch::token).containsExactlyElementsOf(
                sealed.subList(10, 20).stream().map(WalBatch::token).toList());
        for (WalBatch w : wal.recovered()) {
            wal.done(w, true);
        }
        // Only the active segment is left, and nothing to replay.
        assertThat(wal.segmentCount()).isEqualTo(1);
        assertThat(afterHalf).isGreaterThan(1);
        wal.close();
        open(1L << 20, 8192);
        assertThat(wal.recovered()).isEmpty();
        assertThat(segmentFiles()).hasSize(1);
    }

    @Test
    void replayFollowsTheSealOrderOfInterleavedBatchesAcrossSegments() throws IOException {
        open(1L << 20, 4096);
        LogsBatch x = new LogsBatch();
        LogsBatch y = new LogsBatch();
        WalBatch[] sx = new WalBatch[1];
        WalBatch[] sy = new WalBatch[1];
        for (int i = 0; i < 6; i++) {
            request(x, sx, i * 10L, 10);
            request(y, sy, 1000 + i * 10L, 10);
        }
        assertThat(wal.segmentCount()).isGreaterThan(2);
        String ty = wal.seal(sy[0]);
        String tx = wal.seal(sx[0]);
        byte[] bx = nativeBytes(x);
        byte[] by = nativeBytes(y);
        wal.close();

        open(1L << 20, 4096);
        assertThat(wal.recovered()).extracting(WalBatch::token).containsExactly(ty, tx);
        assertThat(reload(wal.recovered().get(0))).isEqualTo(by);
        assertThat(reload(wal.recovered().get(1))).isEqualTo(bx);
    }

    @Test
    void aTornLastRecordIsCutAndCountedAndEverythingBeforeItKept() throws IOException {
        open();
        LogsBatch a = new LogsBatch();
        WalBatch[] sa = new WalBatch[1];
        request(a, sa, 0, 15);
        request(a, sa, 15, 15);
        String ta = wal.seal(sa[0]);
        byte[] ba = nativeBytes(a);
        LogsBatch b = new LogsBatch();
        WalBatch[] sb = new WalBatch[1];
        request(b, sb, 100, 7);
        byte[] firstOfB = nativeBytes(b);
        request(b, sb, 107, 7);
        wal.close();

        // kill -9 in the middle of the last write: its tail never reached the file.
        Path last = segmentFiles().getLast();
        long size = Files.size(last);
        try (FileChannel ch = FileChannel.open(last, StandardOpenOption.WRITE)) {
            ch.truncate(size - 11);
        }
        open();
        assertThat(counter("pharos_disk_buffer_corrupt_records_total")).isEqualTo(1);
        assertThat(wal.recovered()).hasSize(2);
        assertThat(wal.recovered().get(0).token()).isEqualTo(ta);
        assertThat(reload(wal.recovered().get(0))).isEqualTo(ba);
        assertThat(wal.recovered().get(1).rows()).isEqualTo(7);
        assertThat(reload(wal.recovered().get(1))).isEqualTo(firstOfB);
        assertThat(Files.size(last)).isLessThan(size - 11);

        // Writing goes on in a new segment, and the next start finds nothing damaged.
        LogsBatch c = new LogsBatch();
        WalBatch[] sc = new WalBatch[1];
        request(c, sc, 500, 3);
        wal.close();
        open();
        assertThat(counter("pharos_disk_buffer_corrupt_records_total")).isZero();
        assertThat(wal.recovered()).hasSize(3);
    }

    @Test
    void aFlippedByteOrAZeroFilledTailIsCaughtByTheChecksum() throws IOException {
        open();
        LogsBatch a = new LogsBatch();
        WalBatch[] sa = new WalBatch[1];
        request(a, sa, 0, 10);
        byte[] firstRequest = nativeBytes(a);
        request(a, sa, 10, 10);
        wal.close();
        Path last = segmentFiles().getLast();
        long size = Files.size(last);
        try (FileChannel ch = FileChannel.open(last, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer one = ByteBuffer.allocate(1);
            ch.read(one, size - 40);
            ch.write(ByteBuffer.wrap(new byte[] {(byte) (one.get(0) ^ 0x20)}), size - 40);
        }
        open();
        assertThat(counter("pharos_disk_buffer_corrupt_records_total")).isEqualTo(1);
        assertThat(wal.recovered()).hasSize(1);
        assertThat(reload(wal.recovered().getFirst())).isEqualTo(firstRequest);
        wal.close();

        // A file system may show zeros where a write never landed.
        last = segmentFiles().getLast();
        try (FileChannel ch = FileChannel.open(last, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            ch.write(ByteBuffer.allocate(4096));
        }
        open();
        assertThat(counter("pharos_disk_buffer_corrupt_records_total")).isEqualTo(1);
        assertThat(wal.recovered()).hasSize(1);
        assertThat(reload(wal.recovered().getFirst())).isEqualTo(firstRequest);
    }

    @Test
    void overTheCapTheOldestWaitingBatchesAreDroppedAndCountedAndWritingNeverBlocks() throws IOException {
        long segment = 8192;
        long cap = 4 * segment;
        open(cap, segment);
        List<WalBatch> sealed = new ArrayList<>();
        long total = 0;
        for (int b = 0; b < 40; b++) {
            LogsBatch batch = new LogsBatch();
            WalBatch[] slot = new WalBatch[1];
            request(batch, slot, b * 100L, 10);
            request(batch, slot, b * 100L + 10, 10);
            wal.seal(slot[0]);
            sealed.add(slot[0]);
            total += 20;
            assertThat(wal.bytes()).isLessThanOrEqualTo(cap + segment);
        }
        long dropped = drops.stream().mapToLong(d -> d[0]).sum();
        assertThat(dropped).isPositive();
        assertThat(dropReasons).containsOnly("disk_buffer_full");
        // Dropped batches are done: the inserter will skip them.
        assertThat(sealed.getFirst().state()).isEqualTo(WalBatch.State.DONE);
        assertThat(sealed.getFirst().claim()).isFalse();
        assertThat(sealed.getLast().state()).isEqualTo(WalBatch.State.SEALED);
        wal.close();

        open(cap, segment);
        long kept = wal.recovered().stream().mapToLong(WalBatch::rows).sum();
        assertThat(kept + dropped).isEqualTo(total);
        // The newest are the ones kept, in order.
        List<Long> keptIds = wal.recovered().stream().map(WalBatch::id).toList();
        assertThat(keptIds).containsExactlyElementsOf(sealed.subList(sealed.size() - keptIds.size(), sealed.size()).stream()
                .map(WalBatch::id).toList());
    }

    @Test
    void theCapNeverDropsABatchStillBeingFilled() throws IOException {
        long segment = 4096;
        open(2 * segment, segment);
        LogsBatch open = new LogsBatch();
        WalBatch[] so = new WalBatch[1];
        request(open, so, 0, 5);
        // Others fill the buffer past its cap; the open batch's segment must stay.
        for (int b = 1; b <= 12; b++) {
            LogsBatch batch = new LogsBatch();
            WalBatch[] slot = new WalBatch[1];
            request(batch, slot, b * 100L, 10);
            wal.seal(slot[0]);
        }
        assertThat(wal.bytes()).isGreaterThan(2 * segment);
        assertThat(drops).isEmpty();
        assertThat(so[0].state()).isEqualTo(WalBatch.State.OPEN);
        // Once sealed it is the oldest waiting batch, and the next write drops it (and those with it).
        wal.seal(so[0]);
        request(new LogsBatch(), new WalBatch[1], 9999, 1);
        assertThat(so[0].state()).isEqualTo(WalBatch.State.DONE);
        assertThat(drops).isNotEmpty();
        assertThat(wal.bytes()).isLessThanOrEqualTo(2 * segment + segment);
    }

    @Test
    void rowsWrittenForOtherColumnsAreDroppedAndCountedNotMisread() throws IOException {
        open();
        LogsBatch batch = new LogsBatch();
        WalBatch[] slot = new WalBatch[1];
        request(batch, slot, 0, 4);
        wal.seal(slot[0]);
        wal.close();
        // Another version whose otel_logs batch has other columns.
        open(64L << 20, 1L << 20, Map.of(LogsBatch.TABLE, TracesBatch::new));
        assertThat(wal.recovered()).isEmpty();
        assertThat(dropReasons).containsExactly("disk_buffer_incompatible");
        assertThat(drops.getFirst()[0]).isEqualTo(4);
    }

    @Test
    void aSecondProcessCannotOpenTheSameDirectory() throws IOException {
        open();
        assertThatThrownBy(() -> DiskBuffer.open(DiskBufferOptions.defaults(dir), TABLES, (s, r, n) -> { }, new PrometheusRegistry()))
                .isInstanceOf(IOException.class).hasMessageContaining("in use");
    }

    @Test
    void theIntervalAndNeverPoliciesStillWriteBeforeReturning() throws IOException {
        for (FsyncPolicy policy : List.of(FsyncPolicy.INTERVAL, FsyncPolicy.NEVER)) {
            Path d = dir.resolve(policy.label());
            DiskBuffer w = DiskBuffer.open(new DiskBufferOptions(d, policy, Duration.ofMillis(20), 1L << 20, 64 << 10), TABLES,
                    (s, r, n) -> { }, new PrometheusRegistry());
            LogsBatch batch = new LogsBatch();
            WalBatch[] slot = new WalBatch[1];
            batch.mark();
            addLog(batch, 1);
            long lsn = w.append(Signal.LOGS, List.of(batch), slot);
            w.awaitDurable(lsn); // returns at once
            // What kill -9 leaves: the file as written, no close, no fsync.
            Path copy = dir.resolve(policy.label() + "-copy");
            Files.createDirectories(copy);
            try (var files = Files.list(d)) {
                for (Path p : files.filter(p -> p.toString().endsWith(".wal")).toList()) {
                    Files.copy(p, copy.resolve(p.getFileName()));
                }
            }
            w.close();
            DiskBuffer after = DiskBuffer.open(DiskBufferOptions.defaults(copy), TABLES, (s, r, n) -> { }, new PrometheusRegistry());
            assertThat(after.recovered()).hasSize(1);
            assertThat(after.recovered().getFirst().rows()).isEqualTo(1);
            after.close();
        }
    }
}
