package dev.pharos.query.promql.eval;

import dev.pharos.query.promql.ast.PositionRange;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Warnings and infos attached to a query result, worded and positioned like Prometheus's annotations, e.g.
 * {@code PromQL warning: quantile value should be between 0 and 1, got 2 (1:10)}.
 */
public final class Annotations {

    private final String query;
    private final Set<String> warnings = new LinkedHashSet<>();
    private final Set<String> infos = new LinkedHashSet<>();

    public Annotations(String query) {
        this.query = query;
    }

    void warn(String message, PositionRange pos) {
        warnings.add("PromQL warning: " + message + position(pos));
    }

    void info(String message, PositionRange pos) {
        infos.add("PromQL info: " + message + position(pos));
    }

    private String position(PositionRange pos) {
        return pos == null || query == null ? "" : " (" + pos.startPosition(query) + ")";
    }

    public List<String> warnings() {
        return new ArrayList<>(warnings);
    }

    public List<String> infos() {
        return new ArrayList<>(infos);
    }
}
