package dev.pharos.agent.collect;

import dev.pharos.agent.AgentMetrics;
import dev.pharos.agent.AgentSettings;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tailing thread: finds container log files, follows each through rotations, reads what is
 * new and hands complete lines to the {@link LineAssembler}s.
 *
 * <p>Files are found by listing the pods directory every {@code scanInterval} rather than with
 * inotify: a listing works the same on every file system a hostPath can be (overlay, NFS, bind
 * mounts), needs no watch per pod directory (inotify limits are per user and shared with the
 * workloads), and costs a few hundred syscalls a second on a busy node. Open files are checked
 * for growth every {@code pollInterval}; when one is behind (a full buffer was read) the next pass
 * follows at once, otherwise the thread sleeps, so a steady trickle of lines costs a handful of
 * wake-ups a second, not one per write.
 *
 * <p>Rotation, per path:
 * <ul>
 *   <li>rename (kubelet, logrotate's default): a new file (another inode) takes the path. The old
 *       one is read to its end and closed once it has not grown for {@code rotateWait}; only
 *       then is the new one read, so a container's lines stay in order.</li>
 *   <li>copytruncate: the same inode shrinks below the read position (or its first bytes change).
 *       What had not been read yet is read from the copy next to it (same first bytes, e.g.
 *       {@code 0.log.1}), then the file is read again from offset 0.</li>
 *   <li>deleted: the open file is read to its end, then forgotten once everything read from it
 *       is acknowledged.</li>
 * </ul>
 */
public final class FileTailer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FileTailer.class);

    private final AgentSettings settings;
    private final RecordSink sink;
    private final AgentMetrics metrics;
    private final Path podsDir;
    private final PathMatcher matcher;
    private final int maxDepth;
    private final ByteBuffer buf;
    private final Map<Path, FollowedPath> followed = new LinkedHashMap<>();
    /** Closed files waiting for their last batches to be acknowledged. */
    private final List<TailedFile> closing = new ArrayList<>();
    /** Every file a checkpoint entry is written for; read by the checkpoint thread. */
    private final Set<TailedFile> live = ConcurrentHashMap.newKeySet();
    private final Map<FileIdentity, Checkpoint> restored = new HashMap<>();
    private final Set<Path> reportedUnreadable = new HashSet<>();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile boolean firstScanDone;
    private boolean reportedMissingDir;
    private long nextScanNanos;
    private long passes;

    public FileTailer(AgentSettings settings, List<Checkpoint> checkpoints, RecordSink sink, AgentMetrics metrics) {
        this.settings = settings;
        this.sink = sink;
        this.metrics = metrics;
        this.podsDir = settings.podsDir().toAbsolutePath().normalize();
        this.matcher = FileSystems.getDefault().getPathMatcher("glob:" + settings.include());
        this.maxDepth = settings.include().contains("**") ? Integer.MAX_VALUE : settings.include().split("/").length;
        this.buf = ByteBuffer.allocate(settings.maxLineBytes());
        for (Checkpoint c : checkpoints) {
            restored.put(c.identity(), c);
        }
        this.thread = Thread.ofPlatform().name("pharos-agent-tail").daemon().unstarted(this::run);
    }

    public void start() {
        thread.start();
    }

    /** True once the first listing of the pods directory has been handled (tests wait for it). */
    public boolean started() {
        return firstScanDone;
    }

    /** The files a checkpoint is written for, with their acknowledged positions. */
    public List<Checkpoint> checkpoints() {
        Map<FileIdentity, Checkpoint> out = new LinkedHashMap<>();
        for (TailedFile f : live) {
            DeliveryProgress p = f.progress();
            out.putIfAbsent(f.identity(), new Checkpoint(f.identity(), f.fingerprint(), p.resumeOffset(), p.deliveredOffset(),
                    f.path().toString()));
        }
        return new ArrayList<>(out.values());
    }

    public int filesTracked() {
        return live.size();
    }

    private void run() {
        long pollNanos = settings.pollInterval().toNanos();
        try {
            while (running) {
                boolean behind = false;
                try {
                    long now = System.nanoTime();
                    if (now - nextScanNanos >= 0) {
                        scan(now);
                        nextScanNanos = now + settings.scanInterval().toNanos();
                    }
                    if (sink.hasRoom()) {
                        behind = readPass(now);
                    } else {
                        long t0 = System.nanoTime();
                        sink.awaitRoom(pollNanos);
                        metrics.backpressure((System.nanoTime() - t0) / 1e9);
                    }
                    retireSettled();
                    sink.tick(System.nanoTime());
                } catch (RuntimeException e) {
                    // A bug must not stop the reading for good: say so loudly and go on after a pause.
                    LOG.error("unexpected error in the tailing loop; going on in a second", e);
                    metrics.fileError("internal");
                    LockSupport.parkNanos(1_000_000_000L);
                }
                if (!behind && running) {
                    LockSupport.parkNanos(pollNanos);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            sink.flush();
        }
    }

    /**
     * Reads one buffer from the current file of every path; true when some file has more waiting.
     * Stops when the buffer fills, and starts each pass at the next path, so that under
     * backpressure every file still gets its turn.
     */
    private boolean readPass(long now) {
        boolean behind = false;
        long rotateWait = settings.rotateWait().toNanos();
        List<FollowedPath> paths = new ArrayList<>(followed.values());
        int n = paths.size();
        int first = n == 0 ? 0 : (int) (passes++ % n);
        for (int k = 0; k < n; k++) {
            FollowedPath fp = paths.get((first + k) % n);
            TailedFile head = fp.generations.peekFirst();
            if (head == null) {
                if (fp.gone) {
                    followed.remove(fp.path);
                }
                continue;
            }
            if (!sink.hasRoom()) {
                return false;
            }
            try {
                TailedFile.ReadResult r = head.read(buf, now);
                if (r == TailedFile.ReadResult.PROGRESS) {
                    behind |= head.readOffset() < head.lastSize();
                } else if (r == TailedFile.ReadResult.TRUNCATED) {
                    if (head.state() == TailedFile.State.ACTIVE) {
                        truncated(fp, head, now);
                    } else {
                        finish(fp, head);
                    }
                    behind = true;
                } else if (head.state() != TailedFile.State.ACTIVE && head.quietFor(now, rotateWait)) {
                    finish(fp, head);
                    behind = true;
                }
            } catch (IOException e) {
                readFailed(fp, head, e);
            }
            if (head.state() != TailedFile.State.CLOSED && head.idle()) {
                head.progress().advanceIdle(head.readOffset());
            }
        }
        return behind;
    }

    private void finish(FollowedPath fp, TailedFile f) throws IOException {
        String why = f.state() == TailedFile.State.DELETED ? "deleted" : "rotated away";
        f.finish(buf);
        fp.generations.remove(f);
        closing.add(f);
        LOG.info("finished {} ({}, {}) at offset {}", f.path(), f.identity(), why, f.readOffset());
    }

    private void readFailed(FollowedPath fp, TailedFile f, IOException e) {
        // An I/O error on an open file (disk error, a network file system going away): the file is
        // given up rather than retried in a loop; what was acknowledged stays checkpointed.
        metrics.fileError("read");
        LOG.error("cannot read {}: {}; the file is no longer followed (lines after offset {} are not sent)", f.path(), e.toString(),
                f.readOffset());
        f.closeChannel();
        f.markState(TailedFile.State.CLOSED);
        fp.generations.remove(f);
        closing.add(f);
    }

    private void retireSettled() {
        for (Iterator<TailedFile> it = closing.iterator(); it.hasNext(); ) {
            TailedFile f = it.next();
            if (f.idle()) {
                live.remove(f);
                it.remove();
            }
        }
    }

    // ---- discovery ----

    private void scan(long now) {
        List<Path> found = list();
        Set<Path> seen = new HashSet<>();
        int fromCheckpoint = 0;
        int fromStart = 0;
        int fromEnd = 0;
        for (Path path : found) {
            FileIdentity.Stat st;
            try {
                st = FileIdentity.stat(path);
            } catch (NoSuchFileException e) {
                continue;
            } catch (IOException e) {
                unreadable(path, e);
                continue;
            }
            if (!st.regularFile() || path.toString().indexOf('\n') >= 0) {
                continue;
            }
            seen.add(path);
            FollowedPath fp = followed.get(path);
            if (fp == null) {
                fp = new FollowedPath(path, PodLogPath.parse(podsDir, path));
                Opened o = open(fp, st, !firstScanDone, false);
                if (o == null) {
                    continue;
                }
                followed.put(path, fp);
                fp.generations.addLast(o.file);
                switch (o.origin) {
                    case "checkpoint" -> fromCheckpoint++;
                    case "end" -> fromEnd++;
                    default -> fromStart++;
                }
                if (firstScanDone) {
                    LOG.info("following {} from offset {} (new file)", path, o.file.readOffset());
                }
                continue;
            }
            fp.gone = false;
            TailedFile newest = fp.generations.peekLast();
            if (newest == null || !newest.identity().equals(st.identity())) {
                if (newest != null && newest.state() == TailedFile.State.ACTIVE) {
                    newest.markState(TailedFile.State.ROTATED);
                    metrics.rotation("rename");
                    LOG.info("{} was rotated: reading the old file ({}) from offset {} to its end, then the new one ({})", path,
                            newest.identity(), newest.readOffset(), st.identity());
                }
                Opened o = open(fp, st, false, true);
                if (o != null) {
                    fp.generations.addLast(o.file);
                }
            } else if (newest.state() == TailedFile.State.ACTIVE) {
                try {
                    if (st.size() < newest.readOffset() || !newest.sameContent()) {
                        truncated(fp, newest, now);
                    } else {
                        newest.refreshFingerprint();
                    }
                } catch (IOException e) {
                    readFailed(fp, newest, e);
                }
            }
        }
        for (FollowedPath fp : followed.values()) {
            if (!seen.contains(fp.path) && !fp.gone) {
                fp.gone = true;
                TailedFile newest = fp.generations.peekLast();
                if (newest != null && newest.state() == TailedFile.State.ACTIVE) {
                    // Renamed, and the runtime has not opened the new file yet: a rotation, not a deletion.
                    Path renamedTo = findByIdentity(fp.path.getParent(), newest.identity());
                    if (renamedTo != null) {
                        newest.markState(TailedFile.State.ROTATED);
                        metrics.rotation("rename");
                        LOG.info("{} was rotated to {}: reading it from offset {} to its end, then the new file", fp.path,
                                renamedTo.getFileName(), newest.readOffset());
                    } else {
                        newest.markState(TailedFile.State.DELETED);
                        metrics.rotation("delete");
                        LOG.info("{} was deleted: reading what is left of it, then forgetting it", fp.path);
                    }
                }
            }
        }
        if (!firstScanDone) {
            int recovered = recoverRotatedWhileStopped();
            LOG.info("following {} files under {} ({}): {} from their checkpoint, {} from the start, {} from the end{}", followed.size(),
                    podsDir, settings.include(), fromCheckpoint, fromStart, fromEnd,
                    recovered > 0 ? "; " + recovered + " rotated while the agent was stopped are read first" : "");
            restored.clear();
            firstScanDone = true;
        }
    }

    private List<Path> list() {
        List<Path> out = new ArrayList<>();
        if (!Files.isDirectory(podsDir)) {
            if (!reportedMissingDir) {
                LOG.warn("the pods directory {} does not exist (yet); looking again every {}", podsDir, settings.scanInterval());
                reportedMissingDir = true;
            }
            return out;
        }
        reportedMissingDir = false;
        try {
            Files.walkFileTree(podsDir, EnumSet.noneOf(java.nio.file.FileVisitOption.class), maxDepth, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    if (matcher.matches(podsDir.relativize(file))) {
                        out.add(file);
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    if (!(e instanceof NoSuchFileException)) {
                        unreadable(file, e);
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            metrics.fileError("list");
            LOG.warn("cannot list {}: {}", podsDir, e.toString());
        }
        return out;
    }

    private void unreadable(Path path, IOException e) {
        if (reportedUnreadable.add(path)) {
            metrics.fileError(e instanceof AccessDeniedException ? "permission" : "open");
            LOG.error("cannot read {}: {}; it is skipped until that changes (the agent needs read access to every container log, "
                    + "usually root or the group of /var/log/pods)", path, e instanceof AccessDeniedException ? "permission denied" : e.toString());
        }
    }

    /** A file opened and where reading starts in it. */
    private record Opened(TailedFile file, String origin) {}

    /**
     * Opens what {@code st} describes. {@code initial}: found at the very first listing, so a
     * checkpoint or {@code startAt} decides where to start; later files are new and read whole.
     */
    private Opened open(FollowedPath fp, FileIdentity.Stat st, boolean initial, boolean fromStart) {
        FileChannel ch;
        try {
            ch = FileChannel.open(fp.path, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            unreadable(fp.path, e);
            return null;
        }
        try {
            // The path may have been rotated between the stat and the open: trust only an identity seen after opening.
            FileIdentity.Stat after = FileIdentity.stat(fp.path);
            if (!after.identity().equals(st.identity())) {
                ch.close();
                return null;
            }
            reportedUnreadable.remove(fp.path);
            Fingerprint fingerprint = Fingerprint.of(ch);
            long size = ch.size();
            long resume = 0;
            long delivered = 0;
            String origin = "start";
            Checkpoint cp = fromStart ? null : restored.remove(st.identity());
            if (cp != null && cp.fingerprint().matches(ch) && cp.resumeOffset() <= size) {
                resume = cp.resumeOffset();
                delivered = cp.deliveredOffset();
                origin = "checkpoint";
            } else if (cp != null) {
                LOG.warn("{} is not the file its checkpoint describes any more (replaced or truncated while the agent was stopped); "
                        + "reading it from the start", fp.path);
            } else if (initial && settings.startAt() == AgentSettings.StartAt.END) {
                resume = lastLineStart(ch, size);
                delivered = resume;
                origin = "end";
            }
            TailedFile f = newFile(fp.path, fp.pod, st.identity(), ch, fingerprint, resume, delivered);
            return new Opened(f, origin);
        } catch (IOException e) {
            closeQuietly(ch);
            unreadable(fp.path, e);
            return null;
        }
    }

    private TailedFile newFile(Path path, PodLogPath pod, FileIdentity identity, FileChannel ch, Fingerprint fingerprint, long resume,
                               long delivered) {
        DeliveryProgress progress = new DeliveryProgress(resume, delivered);
        LineAssembler assembler = new LineAssembler(delivered, settings.maxRecordBytes(), sink, metrics);
        TailedFile f = new TailedFile(path, pod, identity, ch, fingerprint, resume, progress, assembler, metrics, System.nanoTime());
        live.add(f);
        return f;
    }

    /** The offset just after the last newline before {@code size}: starting there never begins mid-line. */
    private static long lastLineStart(FileChannel ch, long size) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(8192);
        long end = size;
        while (end > 0) {
            long start = Math.max(0, end - b.capacity());
            b.clear().limit((int) (end - start));
            while (b.hasRemaining() && ch.read(b, start + b.position()) > 0) {
                // fill
            }
            for (int i = b.position() - 1; i >= 0; i--) {
                if (b.get(i) == '\n') {
                    return start + i + 1;
                }
            }
            end = start;
        }
        return 0;
    }

    /**
     * The current file of {@code fp} shrank or changed its first bytes: copytruncate rotation. The
     * lines not read yet are in the copy, if it can be found; then the file is read from 0.
     */
    private void truncated(FollowedPath fp, TailedFile f, long now) {
        metrics.rotation("truncate");
        long at = f.readOffset();
        TailedFile copy = findCopy(f, at);
        f.closeChannel();
        f.markState(TailedFile.State.CLOSED);
        live.remove(f);
        if (copy == null) {
            f.assembler().finish(at);
            if (f.lastSize() > at) {
                metrics.fileError("truncated_unread");
                LOG.warn("{} was truncated in place (copytruncate) with {} bytes not read yet, and no copy with the same first bytes "
                        + "was found next to it: those bytes are lost", f.path(), f.lastSize() - at);
            } else {
                LOG.info("{} was truncated in place (copytruncate) after offset {}; reading it again from its start", f.path(), at);
            }
        } else {
            LOG.info("{} was truncated in place (copytruncate) at offset {}; reading the rest from its copy {}, then the file from its start",
                    f.path(), at, copy.identity());
        }
        // The batcher may still hold records of f: its progress lives on in the copy (or is settled by acknowledgements alone).
        closing.add(f);
        ArrayDeque<TailedFile> gens = new ArrayDeque<>();
        for (TailedFile g : fp.generations) {
            if (g == f) {
                if (copy != null) {
                    gens.addLast(copy);
                }
                try {
                    FileIdentity.Stat st = FileIdentity.stat(fp.path);
                    Opened o = st.identity().equals(f.identity()) ? open(fp, st, false, true) : null;
                    if (o != null) {
                        gens.addLast(o.file);
                    }
                } catch (IOException e) {
                    LOG.debug("{} went away after its truncation: {}", fp.path, e.toString());
                }
            } else {
                gens.addLast(g);
            }
        }
        fp.generations.clear();
        fp.generations.addAll(gens);
    }

    /** The copy copytruncate left next to {@code f}: the same first bytes, at least {@code at} long, another inode. */
    private TailedFile findCopy(TailedFile f, long at) {
        Path dir = f.path().getParent();
        String name = f.path().getFileName().toString();
        Path best = null;
        long bestModified = Long.MIN_VALUE;
        FileIdentity bestId = null;
        try (var entries = Files.list(dir)) {
            for (Path p : (Iterable<Path>) entries::iterator) {
                String n = p.getFileName().toString();
                if (n.equals(name) || !n.startsWith(name) || n.endsWith(".gz") || n.endsWith(".zst") || n.endsWith(".bz2")
                        || n.endsWith(".xz")) {
                    continue;
                }
                try {
                    FileIdentity.Stat st = FileIdentity.stat(p);
                    long modified = Files.getLastModifiedTime(p).toMillis();
                    if (st.regularFile() && st.size() >= at && !st.identity().equals(f.identity()) && modified > bestModified) {
                        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ)) {
                            if (f.fingerprint().length() > 0 && f.fingerprint().matches(ch)) {
                                best = p;
                                bestModified = modified;
                                bestId = st.identity();
                            }
                        }
                    }
                } catch (IOException e) {
                    LOG.debug("looking at {} as a copy of {}: {}", p, f.path(), e.toString());
                }
            }
        } catch (IOException e) {
            LOG.debug("cannot list {} for a copytruncate copy: {}", dir, e.toString());
            return null;
        }
        if (best == null) {
            return null;
        }
        try {
            FileChannel ch = FileChannel.open(best, StandardOpenOption.READ);
            // The copy continues the same bytes: it shares the file's progress and its open partial lines.
            TailedFile copy = new TailedFile(f.path(), f.pod(), bestId, ch, f.fingerprint(), at, f.progress(), f.assembler(), metrics,
                    System.nanoTime());
            copy.markState(TailedFile.State.ROTATED);
            live.add(copy);
            return copy;
        } catch (IOException e) {
            LOG.warn("cannot open {}, the copy of the truncated {}: {}", best, f.path(), e.toString());
            return null;
        }
    }

    /**
     * Checkpointed files not found under their path at start-up: rotated (renamed) while the agent
     * was stopped. Each is looked for by identity next to its old path and read from its checkpoint
     * before the path's current file.
     */
    private int recoverRotatedWhileStopped() {
        int recovered = 0;
        for (Checkpoint cp : restored.values()) {
            Path old = Path.of(cp.path());
            Path match = findByIdentity(old.getParent(), cp.identity());
            if (match == null) {
                metrics.fileError("gone_while_stopped");
                LOG.warn("{} (checkpointed at offset {}) is gone: it was deleted while the agent was stopped, and what it held after "
                        + "that offset, if anything, was not sent", cp.path(), cp.resumeOffset());
                continue;
            }
            try {
                FileChannel ch = FileChannel.open(match, StandardOpenOption.READ);
                if (!cp.fingerprint().matches(ch) || ch.size() < cp.resumeOffset()) {
                    ch.close();
                    LOG.warn("{} has the identity of the checkpointed {} but not its content; not read", match, cp.path());
                    continue;
                }
                FollowedPath fp = followed.computeIfAbsent(old, p -> {
                    FollowedPath n = new FollowedPath(p, PodLogPath.parse(podsDir, p));
                    n.gone = !Files.exists(p);
                    return n;
                });
                TailedFile f = newFile(old, fp.pod, cp.identity(), ch, cp.fingerprint(), cp.resumeOffset(), cp.deliveredOffset());
                f.markState(TailedFile.State.ROTATED);
                fp.generations.addFirst(f);
                recovered++;
                LOG.info("{} was rotated to {} while the agent was stopped: reading it from offset {} first", cp.path(), match,
                        cp.resumeOffset());
            } catch (IOException e) {
                unreadable(match, e);
            }
        }
        return recovered;
    }

    private static Path findByIdentity(Path dir, FileIdentity identity) {
        if (dir == null || !Files.isDirectory(dir)) {
            return null;
        }
        try (var entries = Files.list(dir)) {
            for (Path p : (Iterable<Path>) entries::iterator) {
                try {
                    if (FileIdentity.stat(p).identity().equals(identity)) {
                        return p;
                    }
                } catch (IOException e) {
                    // vanished or unreadable: not the one
                }
            }
        } catch (IOException e) {
            LOG.debug("cannot list {}: {}", dir, e.toString());
        }
        return null;
    }

    private static void closeQuietly(FileChannel ch) {
        try {
            ch.close();
        } catch (IOException ignored) {
            // nothing to do
        }
    }

    /** Stops the thread (sealing the open batch) and closes every file. */
    @Override
    public void close() {
        running = false;
        LockSupport.unpark(thread);
        try {
            thread.join(30_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (TailedFile f : live) {
            f.closeChannel();
        }
    }

    /** Files open right now (for tests). */
    Collection<FollowedPath> followedPaths() {
        return followed.values();
    }

    /** One path the kubelet writes to, and the files that have held it, oldest first. */
    static final class FollowedPath {
        final Path path;
        final PodLogPath pod;
        final ArrayDeque<TailedFile> generations = new ArrayDeque<>();
        boolean gone;

        FollowedPath(Path path, PodLogPath pod) {
            this.path = path;
            this.pod = pod;
        }
    }
}
