package dev.pharos.store.embedded;

import dev.pharos.store.ClickHouse;
import dev.pharos.store.InsertResult;
import dev.pharos.store.QueryResult;
import dev.pharos.store.ReadLimits;
import dev.pharos.store.ResultStream;
import dev.pharos.store.nativeformat.NativeBlock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The real ClickHouse engine running inside the JVM through libchdb.
 *
 * <p>One write connection (DDL and inserts, one at a time) and a small pool of read connections.
 * A read connection is leased for a whole query or stream, so no statement ever reaches a
 * connection with an open stream. Inserts go through a Native-format file in /dev/shm read with
 * {@code INSERT ... FROM INFILE}, because libchdb cuts binary data inlined in the query text.
 */
public final class EmbeddedClickHouse implements ClickHouse {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedClickHouse.class);
    private static final Pattern TABLE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)?");
    private static final Pattern DEDUP_TOKEN = Pattern.compile("[A-Za-z0-9_.:-]{1,128}");

    private final EngineOptions options;
    private final FileChannel lockChannel;
    private final FileLock dataDirLock;
    private final EngineConnection writer;
    private final ReentrantLock writeLock = new ReentrantLock();
    private final List<EngineConnection> readers;
    private final BlockingQueue<EngineConnection> idleReaders;
    private final Path spoolDir;
    private final List<String> connectArgs;
    /**
     * One pool per distinct limits (each tenant set has its own filters): the settings are fixed when
     * a connection opens. Bounded, least recently used first out, so many tenants cannot pile up connections.
     */
    private final Map<ReadLimits, ReadOnlyPool> readOnlyPools = new java.util.LinkedHashMap<>(16, 0.75f, true);
    private static final int MAX_READ_ONLY_POOLS = 32;
    private final SpoolFiles spoolFiles;
    private volatile boolean closed;

    private EmbeddedClickHouse(EngineOptions options, FileChannel lockChannel, FileLock dataDirLock, EngineConnection writer,
                               List<EngineConnection> readers, Path spoolDir, List<String> connectArgs) {
        this.options = options;
        this.lockChannel = lockChannel;
        this.dataDirLock = dataDirLock;
        this.writer = writer;
        this.readers = readers;
        this.idleReaders = new ArrayBlockingQueue<>(readers.size(), false, readers);
        this.spoolDir = spoolDir;
        this.spoolFiles = new SpoolFiles(spoolDir);
        this.connectArgs = connectArgs;
    }

    /**
     * Boots the engine on {@code options.dataDir()}. Fails with {@link EngineUnavailableException}
     * and a message saying what to do if another process holds the data directory.
     */
    public static EmbeddedClickHouse open(EngineOptions options) {
        ChdbLibrary lib = ChdbLibrary.load();
        FileChannel channel = null;
        FileLock lock = null;
        List<EngineConnection> opened = new ArrayList<>();
        try {
            Files.createDirectories(options.dataDir());
            // The engine also locks <path>/status, but only after loading the whole engine and
            // with a generic error; our own lock fails first with a message a user can act on.
            channel = FileChannel.open(options.dataDir().resolve("pharos.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                throw new EngineUnavailableException("data directory " + options.dataDir()
                        + " is in use by another Pharos process; stop it first or choose another directory with --data");
            }
            DetachedStdin.detach();
            Path configFile = EngineConfigFile.write(options);
            List<String> args = List.of(
                    "pharos",
                    "--path=" + options.engineDir(),
                    "--config-file=" + configFile,
                    // clickhouse-local applies its own log level over the config file's one.
                    "--log-level=" + options.logLevel(),
                    "--query_profiler_real_time_period_ns=0",
                    "--query_profiler_cpu_time_period_ns=0");
            EngineConnection writer = EngineConnection.open(lib, "write", args);
            opened.add(writer);
            List<EngineConnection> readers = new ArrayList<>();
            for (int i = 0; i < options.readConnections(); i++) {
                EngineConnection reader = EngineConnection.open(lib, "read-" + i, args);
                opened.add(reader);
                readers.add(reader);
            }
            Path spool = spoolDirectory(options);
            log.info("embedded ClickHouse engine ready at {} ({} read connections, memory cap {} MiB)",
                    options.engineDir(), readers.size(), options.maxServerMemoryBytes() >> 20);
            return new EmbeddedClickHouse(options, channel, lock, writer, List.copyOf(readers), spool, args);
        } catch (IOException e) {
            closeQuietly(opened, channel);
            throw new EngineUnavailableException("cannot prepare data directory " + options.dataDir() + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            closeQuietly(opened, channel);
            throw e;
        }
    }

    private static void closeQuietly(List<EngineConnection> opened, FileChannel channel) {
        for (EngineConnection c : opened.reversed()) {
            try {
                c.close();
            } catch (RuntimeException e) {
                log.warn("closing engine connection failed", e);
            }
        }
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // the lock goes with the process anyway
            }
        }
    }

    /** RAM-backed /dev/shm when present, so spooling a batch costs a memory copy, not a disk write. */
    private static Path spoolDirectory(EngineOptions options) throws IOException {
        String name = "pharos-" + ProcessHandle.current().pid();
        Path shm = Path.of("/dev/shm");
        Path dir = Files.isDirectory(shm) && Files.isWritable(shm) ? shm.resolve(name) : options.dataDir().resolve("tmp").resolve(name);
        Files.createDirectories(dir);
        removeSpoolsOfDeadProcesses(dir.getParent());
        return dir;
    }

    /**
     * A process killed with SIGKILL leaves its spool files behind, and on /dev/shm they hold RAM until
     * the machine restarts (up to two kept files per process, see {@link SpoolFiles}). Removes the spool
     * directories of processes that no longer run; a directory whose process id is alive is left alone.
     */
    static void removeSpoolsOfDeadProcesses(Path parent) {
        try (var dirs = Files.newDirectoryStream(parent, "pharos-*")) {
            for (Path d : dirs) {
                long pid;
                try {
                    pid = Long.parseLong(d.getFileName().toString().substring("pharos-".length()));
                } catch (NumberFormatException e) {
                    continue;
                }
                if (ProcessHandle.of(pid).isPresent() || !Files.isDirectory(d)) {
                    continue;
                }
                try (var files = Files.newDirectoryStream(d, "batch-*.native")) {
                    for (Path f : files) {
                        Files.deleteIfExists(f);
                    }
                }
                Files.deleteIfExists(d);
                log.info("removed the spool directory {} of a process that no longer runs", d);
            }
        } catch (IOException | RuntimeException e) {
            log.warn("could not clear spool directories of stopped processes in {}: {}", parent, e.toString());
        }
    }

    public EngineOptions options() {
        return options;
    }

    @Override
    public void execute(String sql) {
        ensureOpen();
        writeLock.lock();
        try {
            writer.write(sql);
        } finally {
            writeLock.unlock();
        }
    }

    @Override
    public QueryResult query(String sql, String format) {
        EngineConnection conn = lease();
        try {
            return conn.query(sql, format);
        } finally {
            idleReaders.add(conn);
        }
    }

    @Override
    public QueryResult queryReadOnly(String sql, String format, ReadLimits limits) {
        ensureOpen();
        ReadOnlyPool pool;
        synchronized (readOnlyPools) {
            pool = readOnlyPools.computeIfAbsent(limits, ReadOnlyPool::new);
            if (readOnlyPools.size() > MAX_READ_ONLY_POOLS) {
                var eldest = readOnlyPools.entrySet().iterator();
                ReadOnlyPool old = eldest.next().getValue();
                eldest.remove();
                old.retire();
            }
        }
        return pool.query(sql, format);
    }

    @Override
    public ResultStream stream(String sql, String format) {
        EngineConnection conn = lease();
        MemorySegment handle;
        try {
            handle = conn.startStream(sql, format);
        } catch (RuntimeException e) {
            idleReaders.add(conn);
            throw e;
        }
        return new LeasedStream(conn, handle);
    }

    @Override
    public InsertResult insert(String table, List<NativeBlock> blocks, String dedupToken) {
        if (!TABLE_NAME.matcher(table).matches()) {
            throw new IllegalArgumentException("invalid table name: " + table);
        }
        if (dedupToken != null && !DEDUP_TOKEN.matcher(dedupToken).matches()) {
            throw new IllegalArgumentException("invalid deduplication token: " + dedupToken);
        }
        String columns = blocks.getFirst().columnList();
        for (NativeBlock b : blocks) {
            if (!b.columnList().equals(columns)) {
                throw new IllegalArgumentException("blocks inserted together must have the same columns: " + columns + " vs " + b.columnList());
            }
        }
        ensureOpen();
        SpoolFiles.Spool spool;
        try {
            spool = spoolFiles.take();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a spool file for " + table + " in " + spoolDir, e);
        }
        try {
            spool.write(blocks);
            String sql = "INSERT INTO " + table + " " + columns + " FROM INFILE '" + spool.path() + "'"
                    + (dedupToken == null ? "" : " SETTINGS insert_deduplication_token = '" + dedupToken + "'"
                            // Logs go through a Null table and views into the dataset tables: the token must reach them.
                            + ", deduplicate_blocks_in_dependent_materialized_views = 1")
                    + " FORMAT Native";
            writeLock.lock();
            try {
                return writer.write(sql);
            } finally {
                writeLock.unlock();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot spool batch for " + table + " to " + spool.path(), e);
        } finally {
            spoolFiles.giveBack(spool);
        }
    }

    private EngineConnection lease() {
        ensureOpen();
        try {
            EngineConnection conn = idleReaders.poll(30, TimeUnit.SECONDS);
            if (conn == null) {
                throw new IllegalStateException("all " + readers.size() + " read connections are busy; try again later");
            }
            if (closed) {
                idleReaders.add(conn);
                throw new IllegalStateException("the engine is shutting down");
            }
            return conn;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a read connection", e);
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("the engine is shutting down");
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        // Every connection must be closed before the JVM exits or libchdb aborts the process;
        // wait for statements and streams in flight to hand their connections back first.
        List<EngineConnection> returned = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (returned.size() < readers.size() && System.nanoTime() < deadline) {
            try {
                EngineConnection c = idleReaders.poll(1, TimeUnit.SECONDS);
                if (c != null) {
                    returned.add(c);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        if (returned.size() < readers.size()) {
            log.warn("{} read connection(s) still busy after 30 s; closing them anyway", readers.size() - returned.size());
        }
        synchronized (readOnlyPools) {
            for (ReadOnlyPool pool : readOnlyPools.values()) {
                pool.retire();
            }
            readOnlyPools.clear();
        }
        writeLock.lock();
        try {
            for (EngineConnection reader : readers) {
                reader.close();
            }
            writer.close();
        } finally {
            writeLock.unlock();
        }
        spoolFiles.close();
        try {
            try (var files = Files.list(spoolDir)) {
                for (Path p : (Iterable<Path>) files::iterator) {
                    Files.deleteIfExists(p);
                }
            }
            Files.deleteIfExists(spoolDir);
            dataDirLock.release();
            lockChannel.close();
        } catch (IOException e) {
            log.warn("cleanup after engine shutdown failed", e);
        }
        log.info("embedded ClickHouse engine closed");
    }

    /**
     * Connections for SQL written by users, locked down when opened: the limits are set first and
     * then {@code readonly = 1}, after which the engine refuses any further setting change on
     * that connection, including a query's own SETTINGS clause. Opened on first use, so a server
     * nobody sends SQL to pays nothing.
     */
    private final class ReadOnlyPool {
        private static final int SIZE = 2;
        private final ReadLimits limits;
        private final List<EngineConnection> all = new ArrayList<>();
        private final BlockingQueue<EngineConnection> idle = new ArrayBlockingQueue<>(SIZE);
        private boolean retired;

        ReadOnlyPool(ReadLimits limits) {
            this.limits = limits;
        }

        QueryResult query(String sql, String format) {
            EngineConnection conn = take();
            try {
                return conn.query(sql, format);
            } finally {
                giveBack(conn);
            }
        }

        private synchronized void giveBack(EngineConnection conn) {
            if (retired) {
                conn.close();
                all.remove(conn);
            } else {
                idle.add(conn);
            }
        }

        /** Closes idle connections now and busy ones when their statement ends; a query still waiting opens none. */
        synchronized void retire() {
            retired = true;
            EngineConnection c;
            while ((c = idle.poll()) != null) {
                c.close();
                all.remove(c);
            }
        }

        private EngineConnection take() {
            EngineConnection conn = idle.poll();
            if (conn != null) {
                return conn;
            }
            synchronized (this) {
                if (all.size() < SIZE) {
                    EngineConnection opened = EngineConnection.open(ChdbLibrary.load(), "read-only-" + all.size(), connectArgs);
                    try {
                        for (Map.Entry<String, String> s : limits.settings().entrySet()) {
                            opened.query("SET " + s.getKey() + " = " + s.getValue(), "TSV");
                        }
                        opened.query("SET readonly = 1", "TSV");
                    } catch (RuntimeException e) {
                        opened.close();
                        throw e;
                    }
                    all.add(opened);
                    return opened;
                }
            }
            try {
                conn = idle.poll(limits.maxExecutionTime().toMillis() + 5_000, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for a read-only connection", e);
            }
            if (conn == null) {
                throw new IllegalStateException("all " + SIZE + " read-only SQL connections are busy; try again later");
            }
            return conn;
        }

    }

    /** A stream that owns its read connection until closed. */
    private final class LeasedStream implements ResultStream {
        private final EngineConnection conn;
        private MemorySegment handle;
        private boolean exhausted;

        LeasedStream(EngineConnection conn, MemorySegment handle) {
            this.conn = conn;
            this.handle = handle;
        }

        @Override
        public byte[] next() {
            if (handle == null) {
                throw new IllegalStateException("stream is closed");
            }
            if (exhausted) {
                return null;
            }
            byte[] chunk = conn.fetch(handle);
            if (chunk == null) {
                exhausted = true;
            }
            return chunk;
        }

        @Override
        public void close() {
            if (handle == null) {
                return;
            }
            try {
                if (!exhausted) {
                    conn.cancel(handle);
                }
                conn.destroy(handle);
            } finally {
                handle = null;
                idleReaders.add(conn);
            }
        }
    }
}
