package dev.pharos.present.api;

import dev.pharos.query.attributes.AttributeDiscovery;
import dev.pharos.query.logs.LogSearch;
import dev.pharos.query.sql.SqlConsole;
import dev.pharos.query.traces.TraceSearch;

/**
 * The query side the explore API serves.
 *
 * @param freshness asked for while a live tail is open, so buffered logs reach the table within a second
 */
public record Explore(LogSearch logs, TraceSearch traces, AttributeDiscovery attributes, SqlConsole sql, Freshness freshness) {

    /** Lets live tail ask the ingest pipeline to write logs sooner than its normal batch age. */
    @FunctionalInterface
    public interface Freshness {
        /** Held while a tail is open; closing it gives the normal batching back. */
        AutoCloseable demand();
    }
}
