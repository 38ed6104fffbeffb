package dev.pharos.query.traces;

/**
 * Request rate, errors and latency of one service over a window, from its entry spans (server and
 * consumer spans, or root spans).
 */
public record ServiceStats(String service, long requests, double ratePerSecond, long errors, double errorRate, Double p50Ms,
                           Double p95Ms, Double p99Ms) {}
