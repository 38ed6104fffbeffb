package dev.pharos.query.promql;

/**
 * What a query cost.
 *
 * @param seriesSelected series read from storage
 * @param samplesLoaded  samples read from storage
 * @param peakSamples    most samples held by the evaluation at once (what the maxSamples limit applies to)
 * @param evalNanos      time spent parsing, reading and evaluating
 */
public record PromqlStats(int seriesSelected, long samplesLoaded, long peakSamples, long evalNanos) {
}
