package dev.pharos.bench.promql;

import java.time.Duration;

/** One system under test: where to remote-write, where to ask PromQL, what it costs. */
interface Peer extends AutoCloseable {

    String name();

    /** Full remote-write URL. */
    String writeUrl();

    /** Base URL of the Prometheus HTTP API (…/api/v1/query_range appended). */
    String queryUrl();

    /** Makes everything written durable and compacted, as it would be after a while. */
    void settle() throws Exception;

    /** Bytes on disk holding the samples (and their index), after {@link #settle()}. */
    long diskBytes() throws Exception;

    Duration cpuTime();

    long peakRssBytes();
}
