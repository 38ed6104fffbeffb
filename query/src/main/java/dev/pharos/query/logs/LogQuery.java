package dev.pharos.query.logs;

import dev.pharos.query.Filter;
import dev.pharos.query.Params;
import dev.pharos.query.QueryException;
import dev.pharos.query.QueryOptions;
import dev.pharos.query.time.TimeRange;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * A log search: a time window, filters on fields, full-text terms, an order and a page.
 *
 * @param cursor where the previous page ended ({@link LogCursor}), or null for the first page
 */
public record LogQuery(TimeRange range, List<Filter> filters, TextSearch text, boolean newestFirst, int limit, LogCursor cursor) {

    public static final int DEFAULT_LIMIT = 100;

    /**
     * From request parameters: {@code from}, {@code to}, {@code filter} (repeatable), {@code q},
     * {@code order} (newest|oldest), {@code limit}, {@code cursor}.
     */
    public static LogQuery fromParams(Params p, QueryOptions options, Instant now) {
        TimeRange range = TimeRange.parse(p.get("from"), p.get("to"), options.defaultWindow(), now);
        List<Filter> filters = p.all("filter").stream().filter(f -> !f.isBlank()).map(Filter::parse).toList();
        String order = p.get("order") == null ? "newest" : p.get("order").strip().toLowerCase(Locale.ROOT);
        if (!order.equals("newest") && !order.equals("oldest")) {
            throw new QueryException("'order' must be newest or oldest, got '" + p.get("order") + "'");
        }
        int limit = p.intValue("limit", DEFAULT_LIMIT, 1, options.maxLimit());
        String cursor = p.get("cursor");
        return new LogQuery(range, filters, TextSearch.parse(p.get("q")), order.equals("newest"), limit,
                cursor == null || cursor.isBlank() ? null : LogCursor.decode(cursor, order.equals("newest")));
    }
}
