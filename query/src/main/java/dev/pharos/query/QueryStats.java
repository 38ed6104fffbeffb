package dev.pharos.query;

import dev.pharos.store.QueryResult;

/** What the engine read to answer: shown with every search so users learn what their queries cost. */
public record QueryStats(long rowsRead, long bytesRead, double elapsedMs) {

    public static QueryStats of(QueryResult r) {
        return new QueryStats(r.rowsRead(), r.bytesRead(), Math.round(r.elapsedSeconds() * 1e6) / 1e3);
    }

    public QueryStats plus(QueryStats o) {
        return new QueryStats(rowsRead + o.rowsRead, bytesRead + o.bytesRead, Math.round((elapsedMs + o.elapsedMs) * 1e3) / 1e3);
    }
}
