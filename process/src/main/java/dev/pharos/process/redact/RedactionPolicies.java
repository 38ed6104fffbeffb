package dev.pharos.process.redact;

import java.util.HashMap;
import java.util.Map;

/**
 * The redactor of each dataset, built once: datasets without a policy of their own get the fallback.
 * All share one {@link RedactionMetrics}, so {@code /metrics} shows totals per detector.
 */
public final class RedactionPolicies {

    private final Redactor fallback;
    private final Map<String, Redactor> byDataset = new HashMap<>();

    public RedactionPolicies(RedactionPolicy fallback, Map<String, RedactionPolicy> perDataset, RedactionMetrics metrics) {
        this.fallback = new Redactor(fallback, metrics);
        perDataset.forEach((dataset, policy) -> byDataset.put(dataset, new Redactor(policy, metrics)));
    }

    public Redactor forDataset(String dataset) {
        Redactor r = byDataset.get(dataset);
        return r == null ? fallback : r;
    }
}
