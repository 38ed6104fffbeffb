package dev.pharos.query.alerting.template;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What an alert template sees: {@code .Labels} / {@code $labels}, {@code .ExternalLabels} /
 * {@code $externalLabels}, {@code .ExternalURL} / {@code $externalURL} and {@code .Value} /
 * {@code $value}, as Prometheus's AlertTemplateData.
 *
 * @param query runs PromQL for the {@code query} template function at the evaluation time, or null
 *              when templates may not query (the function then fails)
 */
public record TemplateData(Map<String, String> labels, Map<String, String> externalLabels, String externalURL, double value,
        TemplateQuery query) {

    public TemplateData {
        labels = Map.copyOf(labels);
        externalLabels = Map.copyOf(externalLabels);
        externalURL = externalURL == null ? "" : externalURL;
    }

    /** One sample of a {@code query} result as templates see it: {@code .Labels} and {@code .Value}. */
    public record QuerySample(Map<String, String> labels, double value) {}

    /** The PromQL behind the {@code query} template function. */
    @FunctionalInterface
    public interface TemplateQuery {
        List<QuerySample> query(String expr) throws Exception;
    }

    /** The template's dot. */
    Map<String, Object> root() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Labels", labels);
        m.put("ExternalLabels", externalLabels);
        m.put("ExternalURL", externalURL);
        m.put("Value", value);
        return m;
    }

    static Map<String, Object> sample(QuerySample s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Labels", s.labels());
        m.put("Value", s.value());
        return m;
    }
}
