package dev.pharos.query.alerting;

import dev.pharos.query.promql.storage.GoStrings;
import dev.pharos.query.promql.storage.Labels;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Label-name rules and the conversions between label maps and {@link Labels}. */
public final class RuleLabels {

    private RuleLabels() {}

    /** [a-zA-Z_][a-zA-Z0-9_]*: the names Alertmanager, its routing and every Prometheus version accept. */
    public static boolean isValidLabelName(String name) {
        return dev.pharos.query.promql.storage.LabelNames.isLegacy(name);
    }

    /** [a-zA-Z_:][a-zA-Z0-9_:]*. */
    public static boolean isValidMetricName(String name) {
        return dev.pharos.query.promql.storage.LabelNames.isLegacyMetricName(name);
    }

    /** An unmodifiable copy sorted by name in Go's byte order, as Prometheus prints label sets. */
    public static Map<String, String> sorted(Map<String, String> m) {
        List<String> names = new ArrayList<>(m.keySet());
        names.sort(GoStrings::compare);
        Map<String, String> out = new LinkedHashMap<>();
        for (String n : names) {
            out.put(n, m.get(n));
        }
        return Collections.unmodifiableMap(out);
    }

    public static Map<String, String> map(Labels labels) {
        return Collections.unmodifiableMap(labels.toMap());
    }
}
