package dev.pharos.query.promql.conformance;

import dev.pharos.query.promql.EngineOptions;
import dev.pharos.query.promql.PromqlEngine;
import dev.pharos.query.promql.PromqlException;
import dev.pharos.query.promql.PromqlResult;
import dev.pharos.query.promql.ast.AggregateExpr;
import dev.pharos.query.promql.ast.BinaryExpr;
import dev.pharos.query.promql.ast.Call;
import dev.pharos.query.promql.ast.Expr;
import dev.pharos.query.promql.ast.MatrixSelector;
import dev.pharos.query.promql.ast.ParenExpr;
import dev.pharos.query.promql.ast.SubqueryExpr;
import dev.pharos.query.promql.ast.UnaryExpr;
import dev.pharos.query.promql.ast.VectorSelector;
import dev.pharos.query.promql.conformance.ScriptCommand.AnnotationExpectation;
import dev.pharos.query.promql.conformance.ScriptCommand.Eval;
import dev.pharos.query.promql.storage.LabelMatcher;
import dev.pharos.query.promql.storage.Labels;
import dev.pharos.query.promql.storage.Series;
import dev.pharos.query.promql.storage.StaleNaN;
import dev.pharos.query.promql.value.MatrixValue;
import dev.pharos.query.promql.value.Sample;
import dev.pharos.query.promql.value.ScalarValue;
import dev.pharos.query.promql.value.SeriesValue;
import dev.pharos.query.promql.value.Value;
import dev.pharos.query.promql.value.VectorValue;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Runs promqltest scripts against a {@link ScriptStorage}: loads the data, evaluates every {@code eval} through
 * {@link PromqlEngine} the way Prometheus's test harness does (instant evals also re-run with @-pinned selectors at
 * other times and as a range query) and compares with Prometheus's tolerance.
 *
 * <p>Native histograms are out of scope: a case whose expected output holds histograms, or whose selectors match a
 * series loaded with histogram samples, is counted as skipped.
 */
public final class ConformanceRunner {

    private static final Pattern QUERY_CONTEXT_FUNCTIONS = Pattern.compile("(start|end|range|step)\\(\\)");
    private static final int MAX_REPORTED = 25;

    private final ScriptStorage storage;
    private final EngineOptions options;

    public ConformanceRunner(ScriptStorage storage) {
        this(storage, EngineOptions.defaults().withTimeout(Duration.ofSeconds(100)).withMaxSeries(0));
    }

    public ConformanceRunner(ScriptStorage storage, EngineOptions options) {
        this.storage = storage;
        this.options = options;
    }

    /** A readable summary: one line per file, totals, then the first differences and unchecked annotations. */
    public static String format(List<FileReport> reports) {
        StringBuilder out = new StringBuilder();
        int passed = 0;
        int failed = 0;
        int skipped = 0;
        int notChecked = 0;
        for (FileReport r : reports) {
            passed += r.passed();
            failed += r.failed();
            skipped += r.skipped();
            notChecked += r.annotationsNotChecked();
            out.append(r.summaryLine()).append('\n');
        }
        out.append(String.format("%-40s passed %4d  failed %4d  skipped %4d  (annotations not checked: %d)%n", "TOTAL",
                passed, failed, skipped, notChecked));
        for (FileReport r : reports) {
            r.skipReasons().forEach((reason, n) -> out.append("SKIPPED ").append(r.file()).append(": ").append(n)
                    .append(" case(s) that ").append(reason).append('\n'));
        }
        for (FileReport r : reports) {
            for (CaseFailure f : r.failures()) {
                out.append("FAIL ").append(f).append('\n');
            }
        }
        for (FileReport r : reports) {
            for (CaseFailure f : r.annotationNotes()) {
                out.append("ANNOTATIONS NOT CHECKED ").append(f).append('\n');
            }
        }
        return out.toString();
    }

    /** Every *.test file of the directory, in name order. */
    public List<FileReport> runDirectory(Path dir) throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.getFileName().toString().endsWith(".test")).sorted().toList();
        }
        List<FileReport> reports = new ArrayList<>();
        for (Path f : files) {
            reports.add(runFile(f));
        }
        return reports;
    }

    public FileReport runFile(Path file) throws IOException {
        return run(file.getFileName().toString(), Files.readString(file));
    }

    /** Runs a script given as text; {@code name} is used in the report. */
    public FileReport run(String name, String content) {
        return new ScriptRun(name).execute(ScriptParser.parse(content));
    }

    /** Per-script state: what has been loaded, and the counts. */
    private final class ScriptRun {
        private final String file;
        private final PromqlEngine engine = new PromqlEngine(storage.source(), options);
        private final List<Labels> histogramSeries = new ArrayList<>();
        private final List<Labels> startTimestampSeries = new ArrayList<>();
        private final Map<String, Integer> skipReasons = new LinkedHashMap<>();
        private final List<CaseFailure> failures = new ArrayList<>();
        private final List<CaseFailure> annotationNotes = new ArrayList<>();
        private int passed;
        private int failed;
        private int skipped;
        private int annotationsNotChecked;

        ScriptRun(String file) {
            this.file = file;
        }

        FileReport execute(List<ScriptCommand> commands) {
            storage.clear();
            for (ScriptCommand cmd : commands) {
                switch (cmd) {
                    case ScriptCommand.Clear c -> {
                        storage.clear();
                        histogramSeries.clear();
                        startTimestampSeries.clear();
                    }
                    case ScriptCommand.Load l -> load(l);
                    case ScriptCommand.Invalid inv -> fail(inv.line(), inv.text(), "cannot read command: " + inv.error());
                    case Eval ev -> evalCase(ev);
                }
            }
            storage.clear();
            return new FileReport(file, passed, failed, skipped, annotationsNotChecked, skipReasons, failures, annotationNotes);
        }

        private void fail(int line, String expr, String message) {
            failed++;
            if (failures.size() < MAX_REPORTED) {
                failures.add(new CaseFailure(file, line, expr, message));
            }
        }

        private void skip(String reason) {
            skipped++;
            skipReasons.merge(reason, 1, Integer::sum);
        }

        private void load(ScriptCommand.Load l) {
            startTimestampSeries.addAll(l.startTimestampSeries());
            List<Series> series = new ArrayList<>();
            for (SeriesDescription d : l.series()) {
                if (d.hasNonFloatSamples()) {
                    histogramSeries.add(d.labels());
                }
                List<long[]> points = new ArrayList<>();
                List<Double> values = new ArrayList<>();
                for (int i = 0; i < d.values().size(); i++) {
                    SequenceValue v = d.values().get(i);
                    switch (v.kind()) {
                        case FLOAT -> {
                            points.add(new long[] {i * l.intervalMs()});
                            values.add(v.value());
                        }
                        case STALE -> {
                            points.add(new long[] {i * l.intervalMs()});
                            values.add(StaleNaN.VALUE);
                        }
                        default -> {
                        }
                    }
                }
                if (points.isEmpty()) {
                    continue;
                }
                long[] t = new long[points.size()];
                double[] v = new double[points.size()];
                for (int i = 0; i < t.length; i++) {
                    t[i] = points.get(i)[0];
                    v[i] = values.get(i);
                }
                series.add(new Series(d.labels(), t, v));
            }
            if (l.withNhcb()) {
                addConvertedHistograms(l);
            }
            storage.load(series);
        }

        /** load_with_nhcb also stores classic histograms as native ones; remember those series to skip them. */
        private void addConvertedHistograms(ScriptCommand.Load l) {
            for (SeriesDescription d : l.series()) {
                String name = d.labels().metricName();
                String base = null;
                if (name.endsWith("_bucket") && d.labels().has(Labels.BUCKET_LABEL)) {
                    base = name.substring(0, name.length() - "_bucket".length());
                } else if (name.endsWith("_count")) {
                    base = name.substring(0, name.length() - "_count".length());
                } else if (name.endsWith("_sum")) {
                    base = name.substring(0, name.length() - "_sum".length());
                }
                if (base != null) {
                    histogramSeries.add(d.labels().toBuilder().delete(Labels.BUCKET_LABEL).set(Labels.METRIC_NAME, base).build());
                }
            }
        }

        /** Whether a selector of the expression matches one of these series. */
        private boolean selectsAny(Expr e, List<Labels> series) {
            if (series.isEmpty()) {
                return false;
            }
            return switch (e) {
                case VectorSelector vs -> series.stream().anyMatch(l -> matchesAll(vs.matchers(), l));
                case MatrixSelector ms -> selectsAny(ms.selector(), series);
                case SubqueryExpr sq -> selectsAny(sq.expr(), series);
                case ParenExpr p -> selectsAny(p.expr(), series);
                case UnaryExpr u -> selectsAny(u.expr(), series);
                case BinaryExpr b -> selectsAny(b.lhs(), series) || selectsAny(b.rhs(), series);
                case AggregateExpr a -> selectsAny(a.expr(), series) || (a.param() != null && selectsAny(a.param(), series));
                case Call c -> c.args().stream().anyMatch(arg -> selectsAny(arg, series));
                default -> false;
            };
        }

        private boolean matchesAll(List<LabelMatcher> matchers, Labels labels) {
            for (LabelMatcher m : matchers) {
                if (!m.matches(labels.get(m.name()))) {
                    return false;
                }
            }
            return true;
        }

        private void evalCase(Eval ev) {
            if (ev.expectsHistograms()) {
                skip("expects native histogram or stateset output");
                return;
            }
            Expr expr;
            try {
                expr = ev.range() ? PromqlEngine.parse(ev.expr(), ev.stepMs(), ev.endMs() - ev.startMs())
                        : PromqlEngine.parse(ev.expr());
            } catch (PromqlException e) {
                fail(ev.line(), ev.expr(), e.getMessage());
                return;
            }
            if (selectsAny(expr, histogramSeries)) {
                skip("reads native histogram or stateset series");
                return;
            }
            if (selectsAny(expr, startTimestampSeries)) {
                skip("reads series with start timestamps (@st)");
                return;
            }
            String problem;
            String annotationProblem;
            try {
                Outcome o = ev.range() ? runRange(ev) : runInstant(ev, expr);
                problem = o.problem;
                annotationProblem = o.annotationProblem;
            } catch (RuntimeException e) {
                problem = "unexpected exception: " + e;
                annotationProblem = null;
            }
            if (problem != null) {
                fail(ev.line(), ev.expr(), problem);
                return;
            }
            passed++;
            if (annotationProblem != null) {
                annotationsNotChecked++;
                if (annotationNotes.size() < MAX_REPORTED) {
                    annotationNotes.add(new CaseFailure(file, ev.line(), ev.expr(), annotationProblem));
                }
            }
        }

        private record Outcome(String problem, String annotationProblem) {}

        private Outcome runRange(Eval ev) {
            PromqlResult r;
            try {
                r = engine.rangeQuery(ev.expr(), ev.startMs(), ev.endMs(), ev.stepMs());
            } catch (PromqlException e) {
                if (ev.fail()) {
                    return new Outcome(checkFailure(ev, e), null);
                }
                return new Outcome("error evaluating query: " + e.getMessage(), null);
            }
            if (ev.fail()) {
                return new Outcome("expected error evaluating query but got none", null);
            }
            String annotations = checkAnnotations(ev, r);
            return new Outcome(ResultComparator.compare(ev, r.value(), ev.startMs(), ev.endMs(), ev.stepMs()), annotations);
        }

        private Outcome runInstant(Eval ev, Expr expr) {
            List<AtModifierVariants.Variant> queries = new ArrayList<>();
            queries.add(new AtModifierVariants.Variant(ev.expr(), ev.time()));
            queries.addAll(AtModifierVariants.of(expr, ev.time()));
            String annotationProblem = null;
            for (AtModifierVariants.Variant q : queries) {
                PromqlResult r;
                try {
                    r = engine.instantQuery(q.expr(), q.timeMs());
                } catch (PromqlException e) {
                    if (ev.fail()) {
                        String p = checkFailure(ev, e);
                        if (p != null) {
                            return new Outcome(p, null);
                        }
                        continue;
                    }
                    return new Outcome("error evaluating query " + q.expr() + " at " + q.timeMs() + ": " + e.getMessage(), null);
                }
                if (ev.fail()) {
                    return new Outcome("expected error evaluating query " + q.expr() + " but got none", null);
                }
                String a = checkAnnotations(ev, r);
                if (annotationProblem == null && a != null) {
                    annotationProblem = a;
                }
                String diff = ResultComparator.compare(ev, r.value(), ev.startMs(), ev.endMs(), ev.stepMs());
                if (diff != null) {
                    return new Outcome(diff + variantNote(q, ev), null);
                }
                if (ev.excludedFromRangeMode() || QUERY_CONTEXT_FUNCTIONS.matcher(q.expr()).find() || ev.ordered()) {
                    continue;
                }
                String rangeProblem = checkRangeMode(ev, q, r.value());
                if (rangeProblem != null) {
                    return new Outcome(rangeProblem + variantNote(q, ev), null);
                }
            }
            return new Outcome(null, annotationProblem);
        }

        private String variantNote(AtModifierVariants.Variant q, Eval ev) {
            if (q.expr().equals(ev.expr()) && q.timeMs() == ev.time()) {
                return "";
            }
            return " (query " + q.expr() + " at " + q.timeMs() + "ms)";
        }

        /** The same query as a range query around the evaluation time must give the same value at that time. */
        private String checkRangeMode(Eval ev, AtModifierVariants.Variant q, Value instantValue) {
            PromqlResult r;
            try {
                r = engine.rangeQuery(q.expr(), q.timeMs() - 60_000, q.timeMs() + 60_000, 60_000);
            } catch (PromqlException e) {
                return "error evaluating query in range mode: " + e.getMessage();
            }
            MatrixValue m = (MatrixValue) r.value();
            List<Sample> vector = new ArrayList<>();
            for (SeriesValue s : m.series()) {
                for (int i = 0; i < s.size(); i++) {
                    if (s.timestampsMs()[i] == q.timeMs()) {
                        vector.add(new Sample(s.labels(), q.timeMs(), s.values()[i]));
                        break;
                    }
                }
            }
            String diff;
            if (instantValue instanceof ScalarValue) {
                if (vector.isEmpty()) {
                    return "range mode returned no scalar at the evaluation time";
                }
                diff = ResultComparator.compare(ev, new ScalarValue(q.timeMs(), vector.getFirst().value()), 0, 0, 0);
            } else {
                diff = ResultComparator.compare(ev, new VectorValue(vector), 0, 0, 0);
            }
            return diff == null ? null : "in range mode: " + diff;
        }

        private String checkFailure(Eval ev, PromqlException e) {
            String msg = e.getMessage();
            if (ev.failMessage() != null && !ev.failMessage().equals(msg)) {
                return "expected error \"" + ev.failMessage() + "\" but got: " + msg;
            }
            if (ev.failRegex() != null && !ev.failRegex().matcher(msg).find()) {
                return "expected error matching \"" + ev.failRegex().pattern() + "\" but got: " + msg;
            }
            return null;
        }

        private String checkAnnotations(Eval ev, PromqlResult r) {
            List<AnnotationExpectation> warns = new ArrayList<>();
            List<AnnotationExpectation> infos = new ArrayList<>();
            boolean noWarn = false;
            boolean noInfo = false;
            for (AnnotationExpectation a : ev.annotations()) {
                switch (a.type()) {
                    case "warn" -> warns.add(a);
                    case "info" -> infos.add(a);
                    case "no_warn" -> noWarn = true;
                    case "no_info" -> noInfo = true;
                    default -> {
                    }
                }
            }
            String p = checkType("warn", warns, r.warnings());
            if (p == null) {
                p = checkType("info", infos, r.infos());
            }
            if (p == null && noWarn && !r.warnings().isEmpty()) {
                p = "unexpected warnings: " + r.warnings();
            }
            if (p == null && noInfo && !r.infos().isEmpty()) {
                p = "unexpected infos: " + r.infos();
            }
            return p;
        }

        private String checkType(String type, List<AnnotationExpectation> expected, List<String> actual) {
            if (expected.isEmpty()) {
                return null;
            }
            if (actual.isEmpty()) {
                return "expected " + type + " annotations but none were produced";
            }
            for (AnnotationExpectation e : expected) {
                if (actual.stream().noneMatch(e::matches)) {
                    return "expected " + type + " annotation matching " + (e.message() != null ? e.message() : e.regex())
                            + " but got " + actual;
                }
            }
            for (String a : actual) {
                if (expected.stream().noneMatch(e -> e.matches(a))) {
                    return "unexpected " + type + " annotation " + a;
                }
            }
            return null;
        }
    }
}
