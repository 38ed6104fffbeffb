package dev.pharos.query.audit;

import dev.pharos.query.Sql;
import dev.pharos.store.ClickHouse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes one row per query run on someone's behalf into {@code pharos_audit}.
 *
 * <p>Off the request path: {@link #record} only queues; one writer thread gathers what queues for up
 * to {@link #GATHER} after the first entry and inserts it in a single statement, so a dashboard
 * refreshing a dozen panels costs one small insert instead of one per request, and requests never
 * wait behind ingest inserts on the engine's write connection. Each insert makes a part the engine
 * later merges; one per request cost about 5 ms of CPU per PromQL query on a 2-core machine (the
 * insert plus its merges), as much as the fast queries themselves. Rows appear within about a
 * second. If the queue is full (the engine stalled), entries are dropped, counted and logged; an
 * audit failure never fails the query it describes.
 */
public final class AuditLog implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(AuditLog.class);
    private static final int MAX_TEXT = 64 * 1024;
    private static final int QUEUE = 10_000;
    /** While gathering, how often the writer looks whether it is closing (so close() does not wait a whole {@link #GATHER}). */
    private static final long CLOSE_CHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
    private static final int MAX_BATCH = 1_000;
    /** How long the writer gathers entries after the first one before inserting them. */
    static final Duration GATHER = Duration.ofSeconds(1);

    /** One audited action. */
    public record Entry(Instant time, String identity, String tenants, String channel, String action, String arguments,
                        String statement, long resultRows, double durationMs, String error) {}

    private final ClickHouse clickHouse;
    private final String table;
    private final BlockingQueue<Entry> queue = new ArrayBlockingQueue<>(QUEUE);
    private final AtomicLong dropped = new AtomicLong();
    private final Thread writer;
    private volatile boolean closed;

    public AuditLog(ClickHouse clickHouse, String database) {
        this.clickHouse = clickHouse;
        this.table = database + ".pharos_audit";
        this.writer = Thread.ofPlatform().name("pharos-audit-writer").daemon().start(this::run);
    }

    public void record(Entry e) {
        if (closed || !queue.offer(e)) {
            long n = dropped.incrementAndGet();
            if (Long.bitCount(n) == 1) {
                log.warn("{} audit record(s) dropped so far: the audit queue is full or closed (the engine is not keeping up)", n);
            }
        }
    }

    /** Audit records lost because the queue was full. */
    public long dropped() {
        return dropped.get();
    }

    private void run() {
        List<Entry> batch = new ArrayList<>();
        while (!closed || !queue.isEmpty()) {
            try {
                Entry first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                gather(batch);
                insert(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } finally {
                batch.clear();
            }
        }
    }

    /** Adds what queues within {@link #GATHER}, at most {@link #MAX_BATCH} in all; stops gathering at once when closing. */
    private void gather(List<Entry> batch) throws InterruptedException {
        long until = System.nanoTime() + GATHER.toNanos();
        while (true) {
            queue.drainTo(batch, MAX_BATCH - batch.size());
            long left = until - System.nanoTime();
            if (closed || left <= 0 || batch.size() >= MAX_BATCH) {
                return;
            }
            Entry next = queue.poll(Math.min(left, CLOSE_CHECK_NANOS), TimeUnit.NANOSECONDS);
            if (next != null) {
                batch.add(next);
            }
        }
    }

    private void insert(List<Entry> batch) {
        StringBuilder sql = new StringBuilder("INSERT INTO " + table
                + " (Timestamp, Identity, Tenants, Channel, Action, Arguments, Statement, ResultRows, DurationMs, Error) SELECT * FROM values(");
        for (int i = 0; i < batch.size(); i++) {
            Entry e = batch.get(i);
            sql.append(i == 0 ? "" : ", ").append("(fromUnixTimestamp64Milli(toInt64(").append(e.time().toEpochMilli())
                    .append(")), ").append(Sql.string(cut(e.identity()))).append(", ").append(Sql.string(cut(e.tenants())))
                    .append(", ").append(Sql.string(cut(e.channel())))
                    .append(", ").append(Sql.string(cut(e.action()))).append(", ").append(Sql.string(cut(e.arguments())))
                    .append(", ").append(Sql.string(cut(e.statement()))).append(", ").append(Math.max(0, e.resultRows()))
                    .append(", ").append(e.durationMs()).append(", ").append(Sql.string(cut(e.error()))).append(")");
        }
        sql.append(")");
        try {
            clickHouse.execute(sql.toString());
        } catch (RuntimeException ex) {
            dropped.addAndGet(batch.size());
            log.warn("could not write {} audit record(s): {}", batch.size(), ex.getMessage());
        }
    }

    /** Writes what is queued (for up to 10 s) and stops the writer; call before the engine closes. */
    @Override
    public void close() {
        closed = true;
        try {
            writer.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String cut(String s) {
        if (s == null) {
            return "";
        }
        return s.length() <= MAX_TEXT ? s : s.substring(0, MAX_TEXT) + "…";
    }
}
