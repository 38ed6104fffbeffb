package dev.pharos.query.logs;

import dev.pharos.query.QueryStats;
import java.util.List;

/**
 * A page of matching logs.
 *
 * @param nextCursor pass as {@code cursor} for the next page; null when this is the last page
 * @param sql the exact statement that produced the page, to continue in a SQL client
 * @param estimatedRows the engine's pre-run estimate of rows to read
 * @param from start of the window searched (ISO-8601), which a request without 'from' leaves to the default
 * @param to end of the window searched (exclusive)
 */
public record LogPage(List<LogRecord> rows, String nextCursor, String sql, QueryStats stats, long estimatedRows, String from, String to) {}
