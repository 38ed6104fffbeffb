package dev.pharos.query.promql.eval;

import dev.pharos.query.promql.PromqlException;
import dev.pharos.query.promql.ast.AggregateExpr;
import dev.pharos.query.promql.ast.BinaryExpr;
import dev.pharos.query.promql.ast.Call;
import dev.pharos.query.promql.ast.Expr;
import dev.pharos.query.promql.ast.MatrixSelector;
import dev.pharos.query.promql.ast.ParenExpr;
import dev.pharos.query.promql.ast.SubqueryExpr;
import dev.pharos.query.promql.ast.UnaryExpr;
import dev.pharos.query.promql.ast.VectorSelector;
import dev.pharos.query.promql.storage.LabelMatcher;
import dev.pharos.query.promql.storage.Labels;
import dev.pharos.query.promql.storage.SelectHints;
import dev.pharos.query.promql.storage.Series;
import dev.pharos.query.promql.storage.StaleNaN;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The experimental {@code info(v, {selector})} function: adds the data labels of info series (target_info by
 * default) that share the identifying labels instance and job with each series of v.
 */
final class InfoFunction {

    private static final List<String> IDENTIFYING = List.of("instance", "job");
    private static final String TARGET_INFO = "target_info";

    private final Evaluator ev;

    InfoFunction(Evaluator ev) {
        this.ev = ev;
    }

    Matrix eval(List<Expr> args) {
        Matrix base = ev.evalMatrix(args.get(0));
        Map<String, List<LabelMatcher>> dataMatchers = new LinkedHashMap<>();
        List<LabelMatcher> nameMatchers = new ArrayList<>();
        if (args.size() > 1) {
            for (LabelMatcher m : ((VectorSelector) args.get(1)).matchers()) {
                dataMatchers.computeIfAbsent(m.name(), k -> new ArrayList<>()).add(m);
                if (m.name().equals(Labels.METRIC_NAME)) {
                    nameMatchers.add(m);
                }
            }
        } else {
            nameMatchers.add(LabelMatcher.equal(Labels.METRIC_NAME, TARGET_INFO));
        }
        // A series is itself an info series (left as it is) only when a positive name matcher says so.
        boolean positiveName = nameMatchers.stream()
                .anyMatch(m -> m.type() == LabelMatcher.Type.EQUAL || m.type() == LabelMatcher.Type.REGEX);
        boolean[] ignored = new boolean[base.size()];
        Map<String, Set<String>> idValues = new LinkedHashMap<>();
        for (int i = 0; i < base.size(); i++) {
            Labels l = base.get(i).labels;
            ignored[i] = positiveName && nameMatchers.stream().allMatch(m -> m.matches(l.metricName()));
            if (ignored[i]) {
                continue;
            }
            for (String id : IDENTIFYING) {
                String v = l.get(id);
                if (!v.isEmpty()) {
                    idValues.computeIfAbsent(id, k -> new LinkedHashSet<>()).add(v);
                }
            }
        }
        List<Series> infoSeries = idValues.isEmpty() ? List.of() : fetch(args.get(0), idValues, dataMatchers);
        dataMatchers.remove(Labels.METRIC_NAME);
        return combine(base, ignored, infoSeries, dataMatchers);
    }

    private List<Series> fetch(Expr inner, Map<String, Set<String>> idValues, Map<String, List<LabelMatcher>> dataMatchers) {
        List<LabelMatcher> matchers = new ArrayList<>();
        for (Map.Entry<String, Set<String>> e : idValues.entrySet()) {
            List<String> quoted = e.getValue().stream().map(InfoFunction::quoteMeta).toList();
            matchers.add(LabelMatcher.of(LabelMatcher.Type.REGEX, e.getKey(), String.join("|", quoted)));
        }
        List<LabelMatcher> names = dataMatchers.getOrDefault(Labels.METRIC_NAME, List.of());
        dataMatchers.values().forEach(matchers::addAll);
        if (names.isEmpty()) {
            matchers.addFirst(LabelMatcher.equal(Labels.METRIC_NAME, TARGET_INFO));
        } else if (names.stream().noneMatch(m -> m.type() == LabelMatcher.Type.EQUAL || m.type() == LabelMatcher.Type.REGEX)) {
            // Only exclusions were given: they narrow down the info metrics, which are those named *_info.
            matchers.addFirst(LabelMatcher.of(LabelMatcher.Type.REGEX, Labels.METRIC_NAME, ".+_info"));
        }
        VectorSelector first = firstSelector(inner);
        long start = ev.start;
        long end = ev.end;
        long offset = 0;
        if (first != null) {
            if (first.at() != null) {
                start = ev.resolveAt(first.at());
                end = start;
            }
            offset = first.offsetMs();
        }
        start -= ev.ctx.lookbackMs - 1;
        start -= offset;
        end -= offset;
        try {
            return ev.ctx.source.select(matchers, start, end, new SelectHints(start, end, ev.interval, 0, "info", false, List.of()));
        } catch (RuntimeException e) {
            throw new PromqlException(PromqlException.Kind.INTERNAL, "expanding series: " + e.getMessage(), e);
        }
    }

    private static VectorSelector firstSelector(Expr e) {
        return switch (e) {
            case VectorSelector vs -> vs;
            case MatrixSelector ms -> ms.selector();
            case SubqueryExpr sq -> firstSelector(sq.expr());
            case ParenExpr p -> firstSelector(p.expr());
            case UnaryExpr u -> firstSelector(u.expr());
            case BinaryExpr b -> {
                VectorSelector l = firstSelector(b.lhs());
                yield l != null ? l : firstSelector(b.rhs());
            }
            case AggregateExpr a -> {
                VectorSelector p = a.param() == null ? null : firstSelector(a.param());
                yield p != null ? p : firstSelector(a.expr());
            }
            case Call c -> {
                for (Expr arg : c.args()) {
                    VectorSelector s = firstSelector(arg);
                    if (s != null) {
                        yield s;
                    }
                }
                yield null;
            }
            default -> null;
        };
    }

    /** Go's regexp.QuoteMeta. */
    static String quoteMeta(String s) {
        StringBuilder sb = new StringBuilder();
        for (char c : s.toCharArray()) {
            if ("\\.+*?()|[]{}^$".indexOf(c) >= 0) {
                sb.append('\\');
            }
            sb.append(c);
        }
        return sb.toString();
    }

    /** The info metric name plus the identifying labels present: what a base series and an info series share. */
    private static Labels signature(String infoName, Labels l) {
        Labels.Builder b = Labels.builder().set(Labels.METRIC_NAME, infoName);
        for (String id : IDENTIFYING) {
            b.set(id, l.get(id));
        }
        return b.build();
    }

    private Matrix combine(Matrix base, boolean[] ignored, List<Series> infoSeries, Map<String, List<LabelMatcher>> dataMatchers) {
        Set<String> infoNames = new LinkedHashSet<>();
        Labels[] infoSig = new Labels[infoSeries.size()];
        for (int i = 0; i < infoSeries.size(); i++) {
            Labels l = infoSeries.get(i).labels();
            infoNames.add(l.metricName());
            infoSig[i] = signature(l.metricName(), l);
        }
        boolean needsInfo = dataMatchers.values().stream().flatMap(List::stream).anyMatch(m -> !m.matchesEmpty());
        int[] infoPos = new int[infoSeries.size()];
        int[] cursor = new int[base.size()];
        OutputCollector out = new OutputCollector(ev);
        for (int step = 0; step < ev.numSteps; step++) {
            long ts = ev.stepTime(step);
            ev.ctx.checkDeadline();
            Map<Labels, Integer> latest = new HashMap<>();
            Map<Labels, Long> latestT = new HashMap<>();
            for (int i = 0; i < infoSeries.size(); i++) {
                Series s = infoSeries.get(i);
                long[] t = s.timestampsMs();
                int p = infoPos[i];
                while (p < t.length && t[p] <= ts) {
                    p++;
                }
                infoPos[i] = p;
                if (p == 0 || t[p - 1] <= ts - ev.ctx.lookbackMs || StaleNaN.is(s.values()[p - 1])) {
                    continue;
                }
                long origT = t[p - 1];
                Long existing = latestT.get(infoSig[i]);
                if (existing == null || existing < origT) {
                    latest.put(infoSig[i], i);
                    latestT.put(infoSig[i], origT);
                } else if (existing == origT) {
                    throw EvalContext.error("found duplicate series for info metric: existing "
                            + infoSeries.get(latest.get(infoSig[i])).labels() + " @ " + existing + ", new " + s.labels()
                            + " @ " + origT);
                }
            }
            for (int bi = 0; bi < base.size(); bi++) {
                EvalSeries bs = base.get(bi);
                int p = cursor[bi];
                if (p >= bs.n || bs.t[p] != ts) {
                    continue;
                }
                cursor[bi] = p + 1;
                double value = bs.v[p];
                if (ignored[bi]) {
                    out.add(bs.labels, bs.dropName, ts, value);
                    continue;
                }
                Labels.Builder added = Labels.builder();
                int seen = 0;
                for (String infoName : infoNames) {
                    Integer match = latest.get(signature(infoName, bs.labels));
                    if (match == null) {
                        continue;
                    }
                    Labels info = infoSeries.get(match).labels();
                    for (int k = 0; k < info.size(); k++) {
                        String name = info.name(k);
                        if (name.equals(Labels.METRIC_NAME) || (!dataMatchers.isEmpty() && !dataMatchers.containsKey(name))) {
                            continue;
                        }
                        String have = added.get(name);
                        if (!have.isEmpty() && !have.equals(info.value(k))) {
                            throw EvalContext.error("conflicting label: " + name);
                        }
                        if (bs.labels.has(name)) {
                            continue;
                        }
                        added.set(name, info.value(k));
                    }
                    seen++;
                }
                if (seen == 0 && needsInfo) {
                    continue;
                }
                Labels extra = added.build();
                Labels.Builder result = bs.labels.toBuilder();
                for (int k = 0; k < extra.size(); k++) {
                    result.set(extra.name(k), extra.value(k));
                }
                out.add(result.build(), bs.dropName, ts, value);
            }
        }
        ev.ctx.releaseSamples(base.totalPoints());
        Matrix m = out.matrix();
        ev.ctx.addSamples(m.totalPoints());
        return m;
    }
}
