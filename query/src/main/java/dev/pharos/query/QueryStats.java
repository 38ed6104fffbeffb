package dev.pharos.query;

import dev.pharos.store.QueryResult;

/** What a search returned and how long the engine took, shown with every answer. */
public record QueryStats(long resultRows, long resultBytes, double elapsedMs) {

    public static QueryStats of(QueryResult r) {
        return new QueryStats(r.resultRows(), r.resultBytes(), Math.round(r.elapsedSeconds() * 1e6) / 1e3);
    }

    public QueryStats plus(QueryStats o) {
        return new QueryStats(resultRows + o.resultRows, resultBytes + o.resultBytes, Math.round((elapsedMs + o.elapsedMs) * 1e3) / 1e3);
    }
}
