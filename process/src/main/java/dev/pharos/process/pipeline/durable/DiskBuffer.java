package dev.pharos.process.pipeline.durable;

import dev.pharos.process.pipeline.Signal;
import dev.pharos.store.batch.TableBatch;
import dev.pharos.store.nativeformat.ByteSink;
import dev.pharos.store.nativeformat.ByteSource;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's write-ahead log: every accepted request's rows, as the mappers produced them, are
 * appended here before the request is acknowledged, so an acknowledged record survives the
 * process being killed; batches waiting for the engine can leave memory (they are read back from
 * here), so an engine outage is buffered on disk up to a size cap instead of in RAM.
 *
 * <p>The log is a directory of segment files ({@link Segment}) holding three kinds of records
 * ({@link WalRecord}): APPEND (one request's rows for each table batch it wrote to), SEAL (a batch
 * is complete; its deduplication token) and DONE (the batch is in the engine, or was dropped).
 * At start-up, every batch without DONE is rebuilt from its APPENDs and inserted again with the
 * token of its SEAL: a batch that did reach the engine before the crash is then dropped by the
 * engine's insert deduplication, so a record is stored once. A segment is deleted once every
 * batch with rows in it is done.
 *
 * <p>Threads: decode threads call {@link #append} and {@link #seal} while holding their shard's
 * lock (so a batch's APPENDs always precede its SEAL), then {@link #awaitDurable} without it; the
 * inserter calls {@link #reload} and {@link #done}. Writes are serialized by one lock; fsyncs are
 * not made under it, and concurrent waiters share one (group commit).
 */
public final class DiskBuffer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DiskBuffer.class);
    /** Scratch buffers larger than this (one huge request) are not kept per thread. */
    private static final int KEEP_SCRATCH = 4 << 20;
    private static final long CAP_WARNING_EVERY_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final DiskBufferOptions options;
    private final Map<String, Integer> layouts;
    private final DropListener drops;
    private final DiskBufferMetrics metrics;
    private final FileChannel lockFile;
    private final FileLock lock;

    /** Guards the active segment, the segment map's changes, the live set and the byte count. */
    private final Object monitor = new Object();
    /** Reloads read segment files under the read lock; deleting a segment takes the write lock (without waiting). */
    private final ReentrantReadWriteLock files = new ReentrantReadWriteLock();
    private final ConcurrentSkipListMap<Long, Segment> segments = new ConcurrentSkipListMap<>();
    /** Batches with rows on disk that are not done, oldest first rows first: the first one says which segments must stay. */
    private final TreeSet<WalBatch> live = new TreeSet<>(Comparator.comparingLong(WalBatch::firstLsn).thenComparingLong(WalBatch::id));
    private final AtomicLong nextId = new AtomicLong(1);
    private final AtomicLong durable = new AtomicLong();
    private final ReentrantLock syncLock = new ReentrantLock();
    private final ThreadLocal<ByteSink> scratch = ThreadLocal.withInitial(() -> new ByteSink(64 << 10));
    private final ScheduledExecutorService timer;
    private List<WalBatch> recovered;

    private Segment active;
    private FileChannel out;
    private long writeEnd;
    private volatile long totalBytes;
    private volatile int liveCount;
    private long lastCapWarning;
    /** Dropped by the cap since the last warning (warnings are at most every 10 s). */
    private int capDroppedBatches;
    private long capDroppedRecords;
    private boolean closed;
    /** A failed write could not be undone (the file may hold a partial record): the next write starts a new segment. */
    private boolean broken;

    private DiskBuffer(DiskBufferOptions options, Map<String, Integer> layouts, DropListener drops, PrometheusRegistry registry)
            throws IOException {
        this.options = options;
        this.layouts = layouts;
        this.drops = drops;
        if (!Files.isDirectory(options.dir())) {
            try {
                Files.createDirectories(options.dir(), java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                        java.nio.file.attribute.PosixFilePermissions.fromString("rwx------")));
            } catch (UnsupportedOperationException e) {
                Files.createDirectories(options.dir());
            }
        }
        this.lockFile = FileChannel.open(options.dir().resolve("LOCK"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock l;
        try {
            l = lockFile.tryLock();
        } catch (OverlappingFileLockException e) {
            l = null;
        }
        if (l == null) {
            lockFile.close();
            throw new IOException("the disk buffer directory " + options.dir() + " is in use by another Pharos process");
        }
        this.lock = l;
        this.metrics = new DiskBufferMetrics(registry, options.maxBytes(), () -> totalBytes, segments::size, () -> liveCount);
        this.timer = options.fsync() == FsyncPolicy.INTERVAL
                ? Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().name("pharos-disk-buffer-fsync").daemon().unstarted(r))
                : null;
    }

    /**
     * Opens the buffer in {@code options.dir()} and recovers what a previous run left: the batches
     * returned by {@link #recovered()}, in the order they were sealed, to be inserted before anything new.
     *
     * @param tables every table a batch may be for, with how to make an empty batch of it (its column layout is checked
     *     against what is on disk)
     */
    public static DiskBuffer open(DiskBufferOptions options, Map<String, Supplier<? extends TableBatch>> tables, DropListener drops,
                                  PrometheusRegistry registry) throws IOException {
        Map<String, Integer> layouts = new HashMap<>();
        tables.forEach((table, fresh) -> layouts.put(table, WalRecord.layoutHash(fresh.get().layout())));
        DiskBuffer b = new DiskBuffer(options, Map.copyOf(layouts), drops, registry);
        try {
            b.recover();
        } catch (IOException | RuntimeException e) {
            b.close();
            throw e;
        }
        if (b.timer != null) {
            long ms = options.fsyncInterval().toMillis();
            b.timer.scheduleWithFixedDelay(b::syncQuietly, ms, ms, TimeUnit.MILLISECONDS);
        }
        return b;
    }

    public DiskBufferOptions options() {
        return options;
    }

    /** The batches found on disk at start-up that are not in the engine yet, in seal order; each is sealed. */
    public List<WalBatch> recovered() {
        return recovered;
    }

    // ---- the write path -------------------------------------------------------------------------------------------

    /**
     * Writes the rows a request just added to {@code tables} (everything since their mark) as one
     * APPEND record, so the request is on disk whole or not at all. {@code slots[i]} is the disk
     * buffer's side of {@code tables.get(i)}; a null slot gets a new batch here.
     *
     * @return the LSN to pass to {@link #awaitDurable} before acknowledging, or -1 when the request added no rows
     * @throws IOException when the record could not be written; nothing of it counts then
     */
    public long append(Signal signal, List<TableBatch> tables, WalBatch[] slots) throws IOException {
        int count = 0;
        for (TableBatch t : tables) {
            if (t.rowsSinceMark() > 0) {
                count++;
            }
        }
        if (count == 0) {
            return -1;
        }
        ByteSink rec = scratch.get();
        rec.reset();
        WalRecord.begin(rec, WalRecord.APPEND);
        rec.putVarUInt(count);
        boolean[] created = new boolean[tables.size()];
        for (int i = 0; i < tables.size(); i++) {
            TableBatch t = tables.get(i);
            int n = t.rowsSinceMark();
            if (n == 0) {
                continue;
            }
            if (slots[i] == null) {
                slots[i] = new WalBatch(nextId.getAndIncrement(), signal, t.table(), layoutOf(t.table()), WalBatch.State.OPEN);
                created[i] = true;
            }
            WalBatch w = slots[i];
            rec.putVarUInt(w.id());
            rec.putString(signal.label());
            rec.putString(t.table());
            rec.putInt(w.layout());
            rec.putVarUInt(n);
            int lengthAt = rec.size();
            rec.putInt(0);
            t.writeSinceMark(rec);
            rec.putIntAt(lengthAt, rec.size() - lengthAt - 4);
        }
        WalRecord.finish(rec);
        long end;
        try {
            synchronized (monitor) {
                long lsn = writeLocked(rec);
                end = lsn + rec.size();
                for (int i = 0; i < tables.size(); i++) {
                    int n = tables.get(i).rowsSinceMark();
                    if (n > 0) {
                        WalBatch w = slots[i];
                        w.appended(lsn, n);
                        if (w.appendCount() == 1) {
                            live.add(w);
                            liveCount = live.size();
                        }
                    }
                }
                enforceCapLocked();
            }
        } catch (IOException e) {
            for (int i = 0; i < created.length; i++) {
                if (created[i]) {
                    slots[i] = null;
                }
            }
            throw e;
        } finally {
            if (rec.capacity() > KEEP_SCRATCH) {
                rec.shrinkTo(KEEP_SCRATCH);
            }
        }
        return end;
    }

    private int layoutOf(String table) {
        Integer layout = layouts.get(table);
        if (layout == null) {
            throw new IllegalStateException("the disk buffer does not know table " + table);
        }
        return layout;
    }

    /**
     * Records that {@code b} is complete, with a new deduplication token, which it returns; the
     * insert must use it. A failed write is logged, not thrown: the batch is still inserted, it
     * only loses its token on disk (a replay after a crash would then pick another one).
     */
    public String seal(WalBatch b) {
        String token = UUID.randomUUID().toString();
        ByteSink rec = scratch.get();
        rec.reset();
        WalRecord.writeSeal(rec, b, token);
        synchronized (monitor) {
            try {
                long lsn = writeLocked(rec);
                b.sealed(token, lsn, lsn + rec.size());
            } catch (IOException e) {
                log.error("disk buffer: cannot write the seal of {}: {}", b, e.toString());
                b.sealed(token, -1, -1);
            }
        }
        return token;
    }

    /**
     * Records that {@code b} is in the engine ({@code inserted}) or was given up (and counted by
     * the caller), and deletes the segments nobody needs any more.
     */
    public void done(WalBatch b, boolean inserted) {
        ByteSink rec = scratch.get();
        rec.reset();
        WalRecord.writeDone(rec, b.id(), inserted);
        synchronized (monitor) {
            b.done();
            if (live.remove(b)) {
                liveCount = live.size();
            }
            try {
                writeLocked(rec);
            } catch (IOException e) {
                // Harmless but for the work: a replay inserts the batch again and the engine drops it by its token.
                log.warn("disk buffer: cannot record that {} is done ({}); a restart would insert it again, as a duplicate the engine drops",
                        b, e.toString());
            }
            deleteObsoleteLocked();
        }
    }

    /** Called with {@link #monitor} held. Returns the record's LSN. */
    private long writeLocked(ByteSink rec) throws IOException {
        if (closed) {
            throw new IOException("the disk buffer is closed");
        }
        int len = rec.size();
        if (broken || active.size() + len > options.segmentBytes() && active.size() > Segment.HEADER) {
            rotateLocked();
        }
        long lsn = writeEnd;
        long pos = lsn - active.base();
        ByteBuffer bb = ByteBuffer.wrap(rec.array(), 0, len);
        try {
            while (bb.hasRemaining()) {
                out.write(bb, pos + bb.position());
            }
        } catch (IOException e) {
            // Take the partial record back, or a later record would follow a torn one and be cut at recovery.
            try {
                out.truncate(pos);
            } catch (IOException again) {
                broken = true;
            }
            throw e;
        }
        writeEnd += len;
        active.grew(len);
        totalBytes += len;
        metrics.written(len);
        return lsn;
    }

    /** Closes the active segment (forced first, unless fsync=never) and starts the next one at the current end. */
    private void rotateLocked() throws IOException {
        long base = writeEnd;
        if (out != null) {
            try {
                base = Math.max(base, active.base() + out.size());
            } catch (IOException ignored) {
                // keep writeEnd
            }
            if (options.fsync() != FsyncPolicy.NEVER) {
                long t0 = System.nanoTime();
                out.force(false);
                metrics.fsync(System.nanoTime() - t0);
                durable.accumulateAndGet(writeEnd, Math::max);
            }
            out.close();
            out = null;
        }
        Path path = options.dir().resolve(Segment.fileName(base));
        FileChannel ch = Segment.create(path, base);
        if (options.fsync() != FsyncPolicy.NEVER) {
            ch.force(true);
            forceDirectory();
        }
        Segment s = new Segment(path, base, Segment.HEADER);
        segments.put(base, s);
        active = s;
        out = ch;
        writeEnd = base + Segment.HEADER;
        totalBytes += Segment.HEADER;
        broken = false;
    }

    /** A new or deleted file name must itself be durable, or the file may be missing after a power loss. */
    private void forceDirectory() {
        try (FileChannel d = FileChannel.open(options.dir(), StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException e) {
            log.debug("cannot fsync directory {}: {}", options.dir(), e.toString());
        }
    }

    // ---- durability -----------------------------------------------------------------------------------------------

    /**
     * Returns once everything up to {@code lsn} is on the device, when the policy is
     * {@link FsyncPolicy#ALWAYS}; at once otherwise (the record is already in the file, which is
     * enough to survive the process dying). Callers arriving while an fsync runs wait for it and
     * then share the next one.
     */
    public void awaitDurable(long lsn) throws IOException {
        if (options.fsync() == FsyncPolicy.ALWAYS && lsn >= 0) {
            syncTo(lsn);
        }
    }

    private void syncTo(long lsn) throws IOException {
        if (durable.get() >= lsn) {
            return;
        }
        syncLock.lock();
        try {
            if (durable.get() >= lsn) {
                return;
            }
            FileChannel ch;
            long target;
            synchronized (monitor) {
                if (closed) {
                    throw new IOException("the disk buffer is closed");
                }
                ch = out;
                target = writeEnd;
            }
            long t0 = System.nanoTime();
            try {
                ch.force(false);
            } catch (ClosedChannelException e) {
                // The segment was rotated meanwhile, and rotation forces the segment it closes.
                if (durable.get() >= lsn) {
                    return;
                }
                throw e;
            }
            metrics.fsync(System.nanoTime() - t0);
            durable.accumulateAndGet(target, Math::max);
        } finally {
            syncLock.unlock();
        }
    }

    private void syncQuietly() {
        try {
            long end;
            synchronized (monitor) {
                if (closed) {
                    return;
                }
                end = writeEnd;
            }
            syncTo(end);
        } catch (IOException | RuntimeException e) {
            log.warn("disk buffer: periodic fsync failed: {}", e.toString());
        }
    }

    // ---- reading back ---------------------------------------------------------------------------------------------

    /**
     * Reads {@code b}'s rows back from disk into {@code into} (an empty batch of its table): for a
     * batch that was released from memory, or found at start-up.
     *
     * @throws IOException when its rows are no longer on disk or cannot be read; {@code into} may then hold some of them
     */
    public void reload(WalBatch b, TableBatch into) throws IOException {
        files.readLock().lock();
        try {
            byte[] payload = new byte[64 << 10];
            ByteBuffer head = ByteBuffer.allocate(WalRecord.HEADER);
            for (int i = 0; i < b.appendCount(); i++) {
                long lsn = b.append(i);
                Map.Entry<Long, Segment> e = segments.floorEntry(lsn);
                if (e == null || lsn >= e.getValue().end()) {
                    throw new IOException("the segment holding rows of " + b + " is gone");
                }
                Segment s = e.getValue();
                FileChannel ch = s.reader();
                long pos = lsn - s.base();
                head.clear();
                readFully(ch, head, pos);
                byte[] h = head.array();
                int length = SegmentScanner.intAt(h, 0);
                int crc = SegmentScanner.intAt(h, 4);
                if ((h[8] & 0xFF) != WalRecord.APPEND || length < 0 || length > s.size() - pos - WalRecord.HEADER) {
                    throw new IOException("no APPEND record at " + lsn + " in " + s);
                }
                if (payload.length < length) {
                    payload = new byte[Math.max(length, payload.length * 2)];
                }
                readFully(ch, ByteBuffer.wrap(payload, 0, length), pos + WalRecord.HEADER);
                java.util.zip.CRC32C check = new java.util.zip.CRC32C();
                check.update(WalRecord.APPEND);
                check.update(payload, 0, length);
                if ((int) check.getValue() != crc) {
                    throw new IOException("checksum mismatch in the record at " + lsn + " in " + s);
                }
                boolean found = false;
                try {
                    for (WalRecord.Entry entry : WalRecord.readAppend(new ByteSource(payload, 0, length))) {
                        if (entry.batch() == b.id()) {
                            into.appendEncoded(new ByteSource(payload, entry.deltaOffset(), entry.deltaLength()), entry.rows());
                            found = true;
                            break;
                        }
                    }
                } catch (IllegalArgumentException ex) {
                    throw new IOException("unreadable rows of " + b + " at " + lsn + ": " + ex.getMessage(), ex);
                }
                if (!found) {
                    throw new IOException("the record at " + lsn + " holds no rows of " + b);
                }
            }
        } finally {
            files.readLock().unlock();
        }
        metrics.reloaded();
    }

    private static void readFully(FileChannel ch, ByteBuffer dst, long pos) throws IOException {
        long at = pos;
        while (dst.hasRemaining()) {
            int n = ch.read(dst, at);
            if (n < 0) {
                throw new EOFException("the file ends at " + at);
            }
            at += n;
        }
    }

    /** Counts a waiting batch released from memory (it is read back with {@link #reload}). */
    public void spilled() {
        metrics.spilled();
    }

    // ---- the size cap and clean-up --------------------------------------------------------------------------------

    /** Deletes the oldest segments while no live batch has rows in them. */
    private void deleteObsoleteLocked() {
        long keepFrom = live.isEmpty() ? Long.MAX_VALUE : live.first().firstLsn();
        while (true) {
            Map.Entry<Long, Segment> first = segments.firstEntry();
            if (first == null || first.getValue() == active || first.getValue().end() > keepFrom) {
                return;
            }
            if (!files.writeLock().tryLock()) {
                return; // a reload is reading; the next done() tries again
            }
            try {
                deleteSegment(first.getValue());
            } catch (IOException e) {
                log.warn("disk buffer: cannot delete {}: {}", first.getValue(), e.toString());
                return;
            } finally {
                files.writeLock().unlock();
            }
        }
    }

    private void deleteSegment(Segment s) throws IOException {
        s.closeReader();
        Files.deleteIfExists(s.path());
        segments.remove(s.base());
        totalBytes -= s.size();
    }

    /**
     * Over the size cap, deletes the oldest segment and drops (counts, marks done) every waiting
     * batch with rows in it, until under the cap: the oldest data goes first and writing never
     * blocks. A batch the inserter holds is left to it (its rows are in memory by then) but can no
     * longer be read back. The segment holding a batch still being filled is never deleted; the
     * buffer then stays over its cap until the batch is sealed (within the batch age).
     */
    private void enforceCapLocked() {
        boolean dropped = false;
        try {
            while (totalBytes > options.maxBytes()) {
                Segment oldest = segments.firstEntry().getValue();
                if (oldest == active) {
                    break;
                }
                List<WalBatch> holding = new ArrayList<>();
                boolean open = false;
                for (WalBatch b : live) {
                    if (b.firstLsn() >= oldest.end()) {
                        break;
                    }
                    holding.add(b);
                    open |= b.state() == WalBatch.State.OPEN;
                }
                if (open) {
                    warnCap("its oldest segment holds a batch still being filled; it will be sealed within the batch age");
                    break;
                }
                if (!files.writeLock().tryLock()) {
                    break; // a reload is reading; the next append tries again
                }
                try {
                    for (WalBatch b : holding) {
                        if (b.move(WalBatch.State.SEALED, WalBatch.State.DONE)) {
                            ByteSink rec = new ByteSink(32);
                            WalRecord.writeDone(rec, b.id(), false);
                            writeLocked(rec);
                            live.remove(b);
                            drops.dropped(b.signal(), "disk_buffer_full", b.rows());
                            capDroppedBatches++;
                            capDroppedRecords += b.rows();
                            dropped = true;
                        } else if (b.state() == WalBatch.State.INSERTING) {
                            b.evict();
                        }
                    }
                    liveCount = live.size();
                    deleteSegment(oldest);
                } finally {
                    files.writeLock().unlock();
                }
            }
        } catch (IOException e) {
            log.error("disk buffer: cannot enforce its size cap: {}", e.toString());
        }
        if (dropped) {
            warnCap(null);
        }
    }

    /** Logs what the cap did (or could not do), at most every 10 s, with the drops since the last time. */
    private void warnCap(String blocked) {
        long now = System.nanoTime();
        if (now - lastCapWarning < CAP_WARNING_EVERY_NANOS && lastCapWarning != 0) {
            return;
        }
        lastCapWarning = now;
        String drops = capDroppedBatches == 0 ? "" : "dropped the " + capDroppedBatches + " oldest waiting batches ("
                + capDroppedRecords + " records, counted in pharos_ingest_dropped_records_total{reason=\"disk_buffer_full\"})";
        String what = blocked == null ? drops : drops.isEmpty() ? blocked : drops + "; " + blocked;
        capDroppedBatches = 0;
        capDroppedRecords = 0;
        log.warn("disk buffer at its cap of {} bytes ({} bytes in {} segments): {}", options.maxBytes(), totalBytes, segments.size(), what);
    }

    // ---- start-up -------------------------------------------------------------------------------------------------

    /**
     * Reads every segment left by a previous run, cuts each at its first damaged record, rebuilds
     * the list of batches not done, seals those that were still open (with a new token, written
     * before any insert, so a second crash replays them with the same one), and starts a new
     * segment for this run.
     */
    private void recover() throws IOException {
        long start = System.nanoTime();
        WalScan scan = WalScan.of(options.dir(), metrics::corrupt);
        for (Segment s : scan.segments()) {
            segments.put(s.base(), s);
            totalBytes += s.size();
        }
        nextId.set(scan.nextId());
        List<WalBatch> pending = new ArrayList<>();
        long records = 0;
        synchronized (monitor) {
            writeEnd = scan.nextBase();
            rotateLocked();
            for (WalBatch b : scan.pending()) {
                Integer layout = layouts.get(b.table());
                if (layout == null || layout != b.layout()) {
                    log.warn("disk buffer: {} was written for other columns of {} (another Pharos version); dropping its {} records",
                            b, b.table(), b.rows());
                    ByteSink rec = new ByteSink(32);
                    WalRecord.writeDone(rec, b.id(), false);
                    writeLocked(rec);
                    b.done();
                    drops.dropped(b.signal(), "disk_buffer_incompatible", b.rows());
                    continue;
                }
                live.add(b);
                pending.add(b);
            }
            for (WalBatch b : pending) {
                if (b.token() == null) {
                    String token = UUID.randomUUID().toString();
                    ByteSink rec = new ByteSink(128);
                    WalRecord.writeSeal(rec, b, token);
                    long lsn = writeLocked(rec);
                    b.sealed(token, lsn, lsn + rec.size());
                }
                records += b.rows();
                metrics.replayed(b.rows());
            }
            liveCount = live.size();
            // The new seals must be on disk before an insert uses their tokens.
            if (options.fsync() != FsyncPolicy.NEVER) {
                out.force(false);
                durable.accumulateAndGet(writeEnd, Math::max);
            }
            deleteObsoleteLocked();
            enforceCapLocked();
        }
        pending.removeIf(b -> b.state() != WalBatch.State.SEALED);
        pending.sort(Comparator.comparingLong(WalBatch::sealLsn));
        recovered = List.copyOf(pending);
        if (!scan.segments().isEmpty() || scan.damaged() > 0) {
            log.info("disk buffer {}: {} batches ({} records) to insert again from {} segments{}, in {} ms", options.dir(), recovered.size(),
                    records, scan.segments().size(), scan.damaged() == 0 ? "" : "; " + scan.damaged() + " damaged segment tails cut",
                    (System.nanoTime() - start) / 1_000_000);
        }
    }

    // ---- shutdown -------------------------------------------------------------------------------------------------

    /** Forces what was written (whatever the policy) and closes the files. Batches not done stay for the next start. */
    @Override
    public void close() {
        synchronized (monitor) {
            if (closed) {
                return;
            }
            closed = true;
        }
        if (timer != null) {
            timer.shutdownNow();
        }
        syncLock.lock();
        try {
            synchronized (monitor) {
                if (out != null) {
                    try {
                        out.force(false);
                    } catch (IOException e) {
                        log.warn("disk buffer: final fsync failed: {}", e.toString());
                    }
                    try {
                        out.close();
                    } catch (IOException ignored) {
                        // closing after a failed force: nothing more to do
                    }
                }
                for (Segment s : segments.values()) {
                    s.closeReader();
                }
                if (liveCount > 0) {
                    log.info("disk buffer: {} batches not yet in the engine stay in {} for the next start", liveCount, options.dir());
                }
            }
        } finally {
            syncLock.unlock();
            try {
                lock.release();
                lockFile.close();
            } catch (IOException ignored) {
                // the lock goes with the process anyway
            }
        }
    }

    /** Bytes in the segment files now. */
    public long bytes() {
        return totalBytes;
    }

    /** Segment files now. */
    public int segmentCount() {
        return segments.size();
    }

    /** Batches not done. */
    public int pendingBatches() {
        return liveCount;
    }
}
