package dev.pharos.query.promql.eval;

import dev.pharos.query.promql.PromqlException;
import dev.pharos.query.promql.ast.AggregateExpr;
import dev.pharos.query.promql.ast.BinaryExpr;
import dev.pharos.query.promql.ast.Call;
import dev.pharos.query.promql.ast.Expr;
import dev.pharos.query.promql.ast.MatrixSelector;
import dev.pharos.query.promql.ast.NumberLiteral;
import dev.pharos.query.promql.ast.ParenExpr;
import dev.pharos.query.promql.ast.StringLiteral;
import dev.pharos.query.promql.ast.SubqueryExpr;
import dev.pharos.query.promql.ast.UnaryExpr;
import dev.pharos.query.promql.ast.VectorSelector;
import dev.pharos.query.promql.storage.LabelMatcher;
import dev.pharos.query.promql.storage.SelectHints;
import dev.pharos.query.promql.storage.Series;
import dev.pharos.query.promql.storage.SeriesSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Works out, for every selector of a query, the widest time range any step will read (offsets, @, ranges,
 * subqueries and the lookback included), then reads each distinct selection from storage once.
 */
public final class SelectionPlanner {

    private final long queryStart;
    private final long queryEnd;
    private final long queryStep;
    private final long lookbackMs;
    private final long defaultSubqueryStepMs;
    private final List<Need> needs = new ArrayList<>();

    /** What one selector node needs. */
    private record Need(VectorSelector selector, long start, long end, SelectHints hints) {}

    private record Frame(long subqOffset, long subqRange, Long subqAt, long lastStep) {}

    SelectionPlanner(long queryStart, long queryEnd, long queryStep, long lookbackMs, long defaultSubqueryStepMs) {
        this.queryStart = queryStart;
        this.queryEnd = queryEnd;
        this.queryStep = queryStep;
        this.lookbackMs = lookbackMs;
        this.defaultSubqueryStepMs = defaultSubqueryStepMs;
    }

    /** Result of fetching: per selector node, its series sorted by labels. */
    public record Fetched(Map<VectorSelector, List<Series>> series, long samples, int seriesCount) {}

    Fetched fetch(Expr root, SeriesSource source, int maxSeries) {
        walk(root, new Frame(0, 0, null, queryStep), 0, "", null);
        Map<String, List<Need>> groups = new LinkedHashMap<>();
        for (Need n : needs) {
            List<String> key = new ArrayList<>();
            for (LabelMatcher m : n.selector.matchers()) {
                key.add(m.toString());
            }
            key.sort(String::compareTo);
            groups.computeIfAbsent(String.join("\u0000", key), k -> new ArrayList<>()).add(n);
        }
        Map<VectorSelector, List<Series>> out = new IdentityHashMap<>();
        long samples = 0;
        int seriesCount = 0;
        for (List<Need> group : groups.values()) {
            long start = Long.MAX_VALUE;
            long end = Long.MIN_VALUE;
            for (Need n : group) {
                start = Math.min(start, n.start);
                end = Math.max(end, n.end);
            }
            Need first = group.getFirst();
            SelectHints h = first.hints;
            SelectHints hints = new SelectHints(start, end, h.stepMs(), h.rangeMs(), h.function(), h.by(), h.grouping());
            List<Series> selected;
            try {
                selected = new ArrayList<>(source.select(first.selector.matchers(), start, end, hints));
            } catch (PromqlException e) {
                throw e;
            } catch (RuntimeException e) {
                throw new PromqlException(PromqlException.Kind.INTERNAL, "expanding series: " + e.getMessage(), e);
            }
            selected.sort(Comparator.comparing(Series::labels));
            seriesCount += selected.size();
            if (maxSeries > 0 && seriesCount > maxSeries) {
                throw new PromqlException(PromqlException.Kind.EXECUTION,
                        "query selects too many series: more than " + maxSeries);
            }
            for (Series s : selected) {
                samples += s.size();
            }
            for (Need n : group) {
                out.put(n.selector, selected);
            }
        }
        return new Fetched(out, samples, seriesCount);
    }

    private void walk(Expr e, Frame frame, long evalRange, String function, AggregateExpr aggregation) {
        switch (e) {
            case VectorSelector vs -> need(vs, frame, evalRange, function, aggregation);
            case MatrixSelector ms -> walk(ms.selector(), frame, ms.rangeMs(), function, aggregation);
            case SubqueryExpr sq -> {
                Frame inner;
                long step = sq.stepMs() != 0 ? sq.stepMs() : defaultSubqueryStepMs;
                if (sq.at() != null) {
                    inner = new Frame(sq.offsetMs(), sq.rangeMs(), sq.at().resolve(queryStart, queryEnd), step);
                } else {
                    inner = new Frame(frame.subqOffset + sq.offsetMs(), frame.subqRange + sq.rangeMs(), frame.subqAt, step);
                }
                walk(sq.expr(), inner, 0, function, aggregation);
            }
            case ParenExpr p -> walk(p.expr(), frame, evalRange, function, aggregation);
            case UnaryExpr u -> walk(u.expr(), frame, evalRange, function, aggregation);
            case BinaryExpr b -> {
                walk(b.lhs(), frame, 0, "", null);
                walk(b.rhs(), frame, 0, "", null);
            }
            case AggregateExpr a -> {
                if (a.param() != null) {
                    walk(a.param(), frame, 0, a.op().keyword(), a);
                }
                walk(a.expr(), frame, 0, a.op().keyword(), a);
            }
            case Call c -> {
                // The second argument of info() only describes which info series to join; they are read later.
                List<Expr> args = c.function().name().equals("info") ? c.args().subList(0, 1) : c.args();
                for (Expr arg : args) {
                    walk(arg, frame, 0, c.function().name(), null);
                }
            }
            case NumberLiteral n -> {
            }
            case StringLiteral s -> {
            }
        }
    }

    private void need(VectorSelector vs, Frame frame, long evalRange, String function, AggregateExpr aggregation) {
        long start = queryStart;
        long end = queryEnd;
        if (frame.subqAt != null) {
            start = frame.subqAt;
            end = frame.subqAt;
        }
        if (vs.at() != null) {
            start = vs.at().resolve(queryStart, queryEnd);
            end = start;
        } else {
            start = start - frame.subqOffset - frame.subqRange;
            end -= frame.subqOffset;
        }
        VectorSelector.ExtendedRange ext = vs.extended();
        if (evalRange == 0) {
            start -= lookbackMs - 1;
            if (ext == VectorSelector.ExtendedRange.SMOOTHED) {
                end += lookbackMs;
            }
        } else if (ext == VectorSelector.ExtendedRange.NONE) {
            start -= evalRange - 1;
        } else {
            start -= lookbackMs + evalRange - 1;
            if (ext == VectorSelector.ExtendedRange.SMOOTHED) {
                end += lookbackMs;
            }
        }
        start -= vs.offsetMs();
        end -= vs.offsetMs();
        boolean by = aggregation != null && !aggregation.without();
        List<String> grouping = aggregation == null ? List.of() : aggregation.grouping();
        needs.add(new Need(vs, start, end, new SelectHints(start, end, frame.lastStep, evalRange, function, by, grouping)));
    }
}
