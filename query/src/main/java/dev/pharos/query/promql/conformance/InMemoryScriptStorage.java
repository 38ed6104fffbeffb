package dev.pharos.query.promql.conformance;

import dev.pharos.query.promql.storage.LabelMatcher;
import dev.pharos.query.promql.storage.Labels;
import dev.pharos.query.promql.storage.SelectHints;
import dev.pharos.query.promql.storage.Series;
import dev.pharos.query.promql.storage.SeriesSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** A {@link ScriptStorage} kept in memory: a map from label set to samples ordered by time. */
public final class InMemoryScriptStorage implements ScriptStorage, SeriesSource {

    private final Map<Labels, TreeMap<Long, Double>> data = new LinkedHashMap<>();

    @Override
    public synchronized void load(List<Series> series) {
        for (Series s : series) {
            TreeMap<Long, Double> samples = data.computeIfAbsent(s.labels(), k -> new TreeMap<>());
            for (int i = 0; i < s.size(); i++) {
                samples.put(s.timestampsMs()[i], s.values()[i]);
            }
        }
    }

    @Override
    public synchronized void clear() {
        data.clear();
    }

    @Override
    public SeriesSource source() {
        return this;
    }

    @Override
    public synchronized List<Series> select(List<LabelMatcher> matchers, long minTimeMs, long maxTimeMs, SelectHints hints) {
        List<Series> out = new ArrayList<>();
        for (Map.Entry<Labels, TreeMap<Long, Double>> e : data.entrySet()) {
            Labels labels = e.getKey();
            boolean all = true;
            for (LabelMatcher m : matchers) {
                if (!m.matches(labels.get(m.name()))) {
                    all = false;
                    break;
                }
            }
            if (!all) {
                continue;
            }
            Map<Long, Double> window = minTimeMs > maxTimeMs ? Map.of() : e.getValue().subMap(minTimeMs, true, maxTimeMs, true);
            if (window.isEmpty()) {
                continue;
            }
            long[] t = new long[window.size()];
            double[] v = new double[window.size()];
            int i = 0;
            for (Map.Entry<Long, Double> p : window.entrySet()) {
                t[i] = p.getKey();
                v[i] = p.getValue();
                i++;
            }
            out.add(new Series(labels, t, v));
        }
        return out;
    }
}
