package dev.pharos.query.logs;

import dev.pharos.query.Filter;
import dev.pharos.query.time.TimeRange;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * One live-tail session: each poll returns the matching records not returned before.
 *
 * <p>The table has no ingestion-time column, so a poll looks at records whose own timestamp is
 * within {@code lateness} of now and remembers what it already sent by (timestamp, row hash).
 * Records that arrive more than {@code lateness} after their timestamp are not tailed (they are
 * still found by search). Memory is bounded by what arrives within the lateness window, capped at
 * {@code maxPerPoll} per poll; when a poll hits the cap it says so ({@link Poll#lagged}).
 */
public final class LiveTail {

    /** New records, oldest first; {@code lagged} when more matched than one poll may return. */
    public record Poll(List<LogRecord> records, boolean lagged) {}

    private record Key(long timestampNanos, long rowHash) {}

    private final LogSearch search;
    private final List<Filter> filters;
    private final TextSearch text;
    private final Duration lateness;
    private final int maxPerPoll;
    private final Map<Key, Long> sent = new HashMap<>();

    public LiveTail(LogSearch search, List<Filter> filters, TextSearch text, Duration lateness, int maxPerPoll) {
        this.search = search;
        this.filters = List.copyOf(filters);
        this.text = text;
        this.lateness = lateness;
        this.maxPerPoll = maxPerPoll;
    }

    public Poll poll(Instant now) {
        long nowNanos = TimeRange.nanos(now);
        long since = nowNanos - lateness.toNanos();
        // A little into the future too: clocks of senders drift.
        List<LogSearch.TailRow> rows = search.recent(filters, text, since, nowNanos + Duration.ofMinutes(1).toNanos(), maxPerPoll);
        List<LogRecord> fresh = new ArrayList<>();
        for (LogSearch.TailRow r : rows.reversed()) {
            if (sent.putIfAbsent(new Key(r.timestampNanos(), r.rowHash()), r.timestampNanos()) == null) {
                fresh.add(r.record());
            }
        }
        for (Iterator<Long> it = sent.values().iterator(); it.hasNext(); ) {
            if (it.next() < since) {
                it.remove();
            }
        }
        return new Poll(fresh, rows.size() >= maxPerPoll && fresh.size() == rows.size());
    }
}
