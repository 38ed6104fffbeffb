package dev.pharos.query.promql.storage;

import java.util.List;

/** Where the PromQL engine reads stored series from. */
public interface SeriesSource {

    /**
     * Every stored series matching all matchers, with its samples whose timestamp is within [minTimeMs, maxTimeMs]
     * (inclusive), sorted by time.
     */
    List<Series> select(List<LabelMatcher> matchers, long minTimeMs, long maxTimeMs, SelectHints hints);
}
