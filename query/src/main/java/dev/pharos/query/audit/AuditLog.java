package dev.pharos.query.audit;

import dev.pharos.query.Sql;
import dev.pharos.store.ClickHouse;
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
 * <p>Off the request path: {@link #record} only queues; one writer thread inserts whatever has
 * queued in a single statement, so a busy UI costs one small insert at a time instead of one per
 * request, and requests never wait behind ingest inserts on the engine's write connection. Rows
 * appear within milliseconds when idle. If the queue is full (the engine stalled), entries are
 * dropped, counted and logged; an audit failure never fails the query it describes.
 */
public final class AuditLog implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(AuditLog.class);
    private static final int MAX_TEXT = 64 * 1024;
    private static final int QUEUE = 10_000;
    private static final int MAX_BATCH = 1_000;

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
                queue.drainTo(batch, MAX_BATCH - 1);
                insert(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } finally {
                batch.clear();
            }
        }
    }

    private void insert(List<Entry> batch) {
        StringBuilder sql = new StringBuilder("INSERT INTO " + table
                + " (Timestamp, Identity, Tenants, Channel, Action, Arguments, Statement, ResultRows, DurationMs, Error) VALUES ");
        for (int i = 0; i < batch.size(); i++) {
            Entry e = batch.get(i);
            sql.append(i == 0 ? "" : ", ").append("(fromUnixTimestamp64Milli(toInt64(").append(e.time().toEpochMilli())
                    .append(")), ").append(Sql.string(cut(e.identity()))).append(", ").append(Sql.string(cut(e.tenants())))
                    .append(", ").append(Sql.string(cut(e.channel())))
                    .append(", ").append(Sql.string(cut(e.action()))).append(", ").append(Sql.string(cut(e.arguments())))
                    .append(", ").append(Sql.string(cut(e.statement()))).append(", ").append(Math.max(0, e.resultRows()))
                    .append(", ").append(e.durationMs()).append(", ").append(Sql.string(cut(e.error()))).append(")");
        }
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
