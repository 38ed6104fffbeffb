package dev.pharos.process.logs;

import java.util.List;
import java.util.Map;

/**
 * {@code enrich}: adds fixed attributes ({@code attributes: {team: payments}}) and copies resource
 * attributes onto the record ({@code fromResource: [k8s.node.name]}), for tools and columns that
 * only look at record attributes. Existing record attributes win.
 */
final class EnrichProcessor implements LogProcessor {

    private final Map<String, String> fixed;
    private final List<String> fromResource;

    EnrichProcessor(Map<String, String> fixed, List<String> fromResource) {
        this.fixed = Map.copyOf(fixed);
        this.fromResource = List.copyOf(fromResource);
    }

    static EnrichProcessor from(Map<String, Object> options) {
        Options o = new Options("enrich", options, List.of("attributes", "fromResource"));
        EnrichProcessor p = new EnrichProcessor(o.map("attributes"), o.strings("fromResource", List.of()));
        if (p.fixed.isEmpty() && p.fromResource.isEmpty()) {
            throw new IllegalArgumentException("processor enrich: give attributes: {name: value} and/or fromResource: [keys]");
        }
        return p;
    }

    @Override
    public void process(LogDraft r) {
        fixed.forEach(r.attributes()::putIfAbsent);
        for (String k : fromResource) {
            String v = r.resource(k);
            if (v != null) {
                r.attributes().putIfAbsent(k, v);
            }
        }
    }
}
