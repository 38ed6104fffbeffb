package dev.pharos.query.promql.eval;

import dev.pharos.query.promql.storage.Labels;
import java.math.BigDecimal;

/**
 * limit_ratio's deterministic sampling: a series is in when its label hash, scaled to [0, 1), is below the ratio
 * (or, for a negative ratio, at or above 1 + ratio), exactly as Prometheus's HashRatioSampler.
 */
final class RatioSampler {

    private static final double MAX_UINT64 = new BigDecimal("18446744073709551615").doubleValue();

    private RatioSampler() {}

    static double offset(Labels labels) {
        long h = labels.hash();
        double d = h >= 0 ? (double) h : new BigDecimal(Long.toUnsignedString(h)).doubleValue();
        return d / MAX_UINT64;
    }

    static boolean accepts(double ratio, Labels labels) {
        double offset = offset(labels);
        return (ratio >= 0 && offset < ratio) || (ratio < 0 && offset >= 1.0 + ratio);
    }
}
