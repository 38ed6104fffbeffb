package dev.pharos.query.promql.clickhouse;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pharos.query.QueryOptions;
import dev.pharos.query.Rows;
import dev.pharos.query.Sql;
import dev.pharos.query.promql.storage.LabelMatcher;
import dev.pharos.query.promql.storage.Labels;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * What the Prometheus API answers without evaluating PromQL: series, label names and values,
 * metric metadata and exemplars, from the small {@code prom_series}, {@code prom_metadata} and
 * {@code prom_exemplars} tables, never from the samples.
 */
public final class PromIndex {

    /** Type, help and unit of a metric family, as remote write reported them. */
    public record Metadata(String type, String help, String unit) {}

    /** The exemplars of one series. */
    public record SeriesExemplars(Labels series, List<Exemplar> exemplars) {}

    public record Exemplar(Map<String, String> labels, double value, long timestampMs) {}

    private final dev.pharos.store.ClickHouse clickHouse;
    private final PromTables tables;
    private final QueryOptions options;

    public PromIndex(dev.pharos.store.ClickHouse clickHouse, QueryOptions options) {
        this.clickHouse = clickHouse;
        this.tables = new PromTables(options);
        this.options = options;
    }

    /** Series matching any of the selectors (each a list of matchers) within the window. */
    public List<Labels> series(List<List<LabelMatcher>> selectors, long startMs, long endMs, int limit) {
        TreeSet<Labels> out = new TreeSet<>();
        for (List<LabelMatcher> matchers : selectors) {
            for (JsonNode r : Rows.query(clickHouse, "SELECT any(MetricName) AS n, any(Labels) AS l FROM " + tables.series() + " WHERE "
                    + tables.seriesWhere(matchers, startMs, endMs) + " GROUP BY Tenant, Fingerprint LIMIT " + (limit + 1L)
                    + tables.settings()).rows()) {
                Labels.Builder b = Labels.builder().set(Labels.METRIC_NAME, r.get("n").asText());
                Rows.map(r.get("l")).forEach(b::set);
                Labels l = b.build();
                if (matchers.stream().allMatch(m -> m.matches(l.get(m.name()) == null ? "" : l.get(m.name())))) {
                    out.add(l);
                }
            }
        }
        return out.stream().limit(limit).toList();
    }

    /** Label names (with {@code __name__}) of the series matching the selectors, or of all series when there are none. */
    public List<String> labelNames(List<List<LabelMatcher>> selectors, long startMs, long endMs, int limit) {
        TreeSet<String> names = new TreeSet<>();
        for (String where : wheres(selectors, startMs, endMs)) {
            for (JsonNode r : Rows.query(clickHouse, "SELECT DISTINCT arrayJoin(arrayConcat(['__name__'], mapKeys(Labels))) AS k FROM "
                    + tables.series() + " WHERE " + where + " ORDER BY k LIMIT " + (limit + 1L) + tables.settings()).rows()) {
                names.add(r.get("k").asText());
            }
        }
        return names.stream().limit(limit).toList();
    }

    /** Values of label {@code name} among the series matching the selectors (all series when there are none). */
    public List<String> labelValues(String name, List<List<LabelMatcher>> selectors, long startMs, long endMs, int limit) {
        TreeSet<String> values = new TreeSet<>();
        String column = name.equals(Labels.METRIC_NAME) ? "MetricName" : "Labels[" + Sql.string(name) + "]";
        for (String where : wheres(selectors, startMs, endMs)) {
            for (JsonNode r : Rows.query(clickHouse, "SELECT DISTINCT " + column + " AS v FROM " + tables.series() + " WHERE " + where
                    + " AND v != '' ORDER BY v LIMIT " + (limit + 1L) + tables.settings()).rows()) {
                values.add(r.get("v").asText());
            }
        }
        return values.stream().limit(limit).toList();
    }

    private List<String> wheres(List<List<LabelMatcher>> selectors, long startMs, long endMs) {
        if (selectors.isEmpty()) {
            return List.of(tables.seriesWhere(List.of(), startMs, endMs));
        }
        List<String> out = new ArrayList<>();
        for (List<LabelMatcher> m : selectors) {
            out.add(tables.seriesWhere(m, startMs, endMs));
        }
        return out;
    }

    /** Metadata per metric family, for one metric or all ({@code metric} null). */
    public Map<String, List<Metadata>> metadata(String metric, int limit) {
        Map<String, List<Metadata>> out = new LinkedHashMap<>();
        for (JsonNode r : Rows.query(clickHouse, "SELECT MetricFamily AS m, Type AS t, Help AS h, Unit AS u FROM "
                + options.table("prom_metadata") + " FINAL" + (metric == null ? "" : " WHERE MetricFamily = " + Sql.string(metric))
                + " ORDER BY m LIMIT " + limit + options.settings()).rows()) {
            out.computeIfAbsent(r.get("m").asText(), k -> new ArrayList<>())
                    .add(new Metadata(r.get("t").asText(), r.get("h").asText(), r.get("u").asText()));
        }
        return out;
    }

    /** Exemplars of the series matching the selector within the window. */
    public List<SeriesExemplars> exemplars(List<LabelMatcher> matchers, long startMs, long endMs, int limit) {
        Map<String, SeriesExemplars> bySeries = new LinkedHashMap<>();
        for (JsonNode r : Rows.query(clickHouse, "SELECT e.Tenant AS tn, e.Fingerprint AS fp, any(s.MetricName) AS n, any(s.Labels) AS sl, "
                + "groupArray((e.Labels, e.Value, toUnixTimestamp64Milli(e.Timestamp))) AS x FROM " + options.table("prom_exemplars")
                + " AS e INNER JOIN (SELECT Tenant, Fingerprint, any(MetricName) AS MetricName, any(Labels) AS Labels FROM " + tables.series()
                + " WHERE " + tables.seriesWhere(matchers, startMs, endMs) + " GROUP BY Tenant, Fingerprint) AS s"
                + " ON e.Tenant = s.Tenant AND e.Fingerprint = s.Fingerprint"
                + " WHERE e.Timestamp >= fromUnixTimestamp64Milli(toInt64(" + startMs + ")) AND e.Timestamp <= fromUnixTimestamp64Milli(toInt64("
                + endMs + ")) GROUP BY tn, fp LIMIT " + limit + options.settings()).rows()) {
            Labels.Builder b = Labels.builder().set(Labels.METRIC_NAME, r.get("n").asText());
            Rows.map(r.get("sl")).forEach(b::set);
            List<Exemplar> list = new ArrayList<>();
            for (JsonNode x : r.get("x")) {
                list.add(new Exemplar(Rows.map(x.get(0)), x.get(1).asDouble(), Rows.longValue(x.get(2))));
            }
            Labels l = b.build();
            if (matchers.stream().allMatch(m -> m.matches(l.get(m.name()) == null ? "" : l.get(m.name())))) {
                bySeries.put(r.get("tn").asText() + "/" + r.get("fp").asText(), new SeriesExemplars(l, list));
            }
        }
        return List.copyOf(bySeries.values());
    }
}
