package dev.pharos.query.promql;

import java.time.Duration;

/**
 * Evaluation settings and limits.
 *
 * @param lookbackDelta       how far back an instant selector looks for the latest sample (Prometheus: 5m)
 * @param maxSamples          most samples held in memory at once by one query
 * @param maxSeries           most series one query may select from storage, 0 for no limit
 * @param timeout             how long a query may run
 * @param defaultSubqueryStep step of subqueries written without one ({@code [5m:]}); Prometheus uses the global
 *                            evaluation interval, 1m by default
 */
public record EngineOptions(Duration lookbackDelta, long maxSamples, int maxSeries, Duration timeout,
        Duration defaultSubqueryStep) {

    public EngineOptions {
        if (lookbackDelta == null || lookbackDelta.isNegative() || lookbackDelta.isZero()) {
            lookbackDelta = Duration.ofMinutes(5);
        }
        if (maxSamples <= 0) {
            maxSamples = 50_000_000L;
        }
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            timeout = Duration.ofMinutes(2);
        }
        if (defaultSubqueryStep == null || defaultSubqueryStep.isNegative() || defaultSubqueryStep.isZero()) {
            defaultSubqueryStep = Duration.ofMinutes(1);
        }
    }

    public static EngineOptions defaults() {
        return new EngineOptions(Duration.ofMinutes(5), 50_000_000L, 1_000_000, Duration.ofMinutes(2), Duration.ofMinutes(1));
    }

    public EngineOptions withLookbackDelta(Duration d) {
        return new EngineOptions(d, maxSamples, maxSeries, timeout, defaultSubqueryStep);
    }

    public EngineOptions withMaxSamples(long n) {
        return new EngineOptions(lookbackDelta, n, maxSeries, timeout, defaultSubqueryStep);
    }

    public EngineOptions withMaxSeries(int n) {
        return new EngineOptions(lookbackDelta, maxSamples, n, timeout, defaultSubqueryStep);
    }

    public EngineOptions withTimeout(Duration d) {
        return new EngineOptions(lookbackDelta, maxSamples, maxSeries, d, defaultSubqueryStep);
    }

    public EngineOptions withDefaultSubqueryStep(Duration d) {
        return new EngineOptions(lookbackDelta, maxSamples, maxSeries, timeout, d);
    }
}
