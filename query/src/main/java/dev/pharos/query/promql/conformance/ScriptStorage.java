package dev.pharos.query.promql.conformance;

import dev.pharos.query.promql.storage.Series;
import dev.pharos.query.promql.storage.SeriesSource;
import java.util.List;

/**
 * The storage a conformance run loads test data into and queries through. Implementations: an in-memory one
 * ({@link InMemoryScriptStorage}) and, outside this module, the real storage engine.
 */
public interface ScriptStorage {

    /**
     * Adds the samples of one {@code load} block. Values may be the staleness marker. A series that already
     * exists gets the new samples merged in by time.
     */
    void load(List<Series> series);

    /** Drops everything loaded so far. */
    void clear();

    /** What queries read. */
    SeriesSource source();
}
