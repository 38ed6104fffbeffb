package dev.pharos.query.promql.eval;

import dev.pharos.query.promql.ast.Call;
import dev.pharos.query.promql.ast.Expr;
import dev.pharos.query.promql.ast.StringLiteral;
import dev.pharos.query.promql.storage.LabelNames;
import dev.pharos.query.promql.storage.Labels;
import dev.pharos.query.promql.storage.Re2Translator;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** label_replace, label_join and the sort functions: they change labels or order, not values. */
final class LabelFunctions {

    private final Evaluator ev;

    LabelFunctions(Evaluator ev) {
        this.ev = ev;
    }

    static String stringArg(Expr e) {
        return ((StringLiteral) StepInvariance.unwrapParens(e)).value();
    }

    Matrix labelReplace(List<Expr> args) {
        String dst = stringArg(args.get(1));
        String repl = stringArg(args.get(2));
        String src = stringArg(args.get(3));
        String regex = stringArg(args.get(4));
        Pattern pattern;
        try {
            pattern = Re2Translator.compileAnchored(regex);
        } catch (PatternSyntaxException e) {
            throw EvalContext.error("invalid regular expression in label_replace(): " + regex);
        }
        if (!LabelNames.isValid(dst)) {
            throw EvalContext.error("invalid destination label name in label_replace(): " + dst);
        }
        Matrix m = ev.evalMatrix(args.get(0));
        for (EvalSeries s : m.series) {
            Matcher matcher = pattern.matcher(s.labels.get(src));
            if (matcher.matches()) {
                String value = expand(repl, matcher);
                s.labels = s.labels.toBuilder().set(dst, value).build();
                if (dst.equals(Labels.METRIC_NAME)) {
                    s.dropName = false;
                }
            }
        }
        return mergeSameLabels(m);
    }

    Matrix labelJoin(List<Expr> args) {
        String dst = stringArg(args.get(1));
        String sep = stringArg(args.get(2));
        List<String> srcs = new ArrayList<>();
        for (int i = 3; i < args.size(); i++) {
            String src = stringArg(args.get(i));
            if (!LabelNames.isValid(src)) {
                throw EvalContext.error("invalid source label name in label_join(): " + src);
            }
            srcs.add(src);
        }
        if (!LabelNames.isValid(dst)) {
            throw EvalContext.error("invalid destination label name in label_join(): " + dst);
        }
        Matrix m = ev.evalMatrix(args.get(0));
        for (EvalSeries s : m.series) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < srcs.size(); i++) {
                if (i > 0) {
                    sb.append(sep);
                }
                sb.append(s.labels.get(srcs.get(i)));
            }
            s.labels = s.labels.toBuilder().set(dst, sb.toString()).build();
            if (dst.equals(Labels.METRIC_NAME)) {
                s.dropName = false;
            }
        }
        return mergeSameLabels(m);
    }

    /**
     * Series that now have equal labels become one, as long as they have no sample at the same time; otherwise
     * the result would hold two samples with one label set.
     */
    static Matrix mergeSameLabels(Matrix m) {
        Map<Labels, List<EvalSeries>> byLabels = new LinkedHashMap<>();
        boolean duplicates = false;
        for (EvalSeries s : m.series) {
            List<EvalSeries> list = byLabels.computeIfAbsent(s.labels, k -> new ArrayList<>(1));
            list.add(s);
            duplicates |= list.size() > 1;
        }
        if (!duplicates) {
            return m;
        }
        Matrix out = new Matrix();
        for (List<EvalSeries> group : byLabels.values()) {
            if (group.size() == 1) {
                out.add(group.getFirst());
                continue;
            }
            EvalSeries base = group.getFirst();
            int total = 0;
            for (EvalSeries s : group) {
                total += s.n;
            }
            double[] values = new double[total];
            Integer[] order = new Integer[total];
            long[] ts = new long[total];
            int k = 0;
            for (EvalSeries s : group) {
                for (int i = 0; i < s.n; i++) {
                    ts[k] = s.t[i];
                    values[k] = s.v[i];
                    order[k] = k;
                    k++;
                }
            }
            Arrays.sort(order, Comparator.comparingLong(i -> ts[i]));
            EvalSeries merged = new EvalSeries(base.labels, base.dropName, total);
            for (int i = 0; i < total; i++) {
                long t = ts[order[i]];
                if (merged.n > 0 && merged.t[merged.n - 1] == t) {
                    throw EvalContext.error("vector cannot contain metrics with the same labelset");
                }
                merged.add(t, values[order[i]]);
            }
            out.add(merged);
        }
        return out;
    }

    /** Go's Regexp.Expand: $1, ${1}, $name, ${name}; $$ is a literal '$'; unknown groups expand to nothing. */
    static String expand(String template, Matcher m) {
        StringBuilder sb = new StringBuilder();
        int i = 0;
        while (i < template.length()) {
            char c = template.charAt(i);
            if (c != '$') {
                sb.append(c);
                i++;
                continue;
            }
            if (i + 1 < template.length() && template.charAt(i + 1) == '$') {
                sb.append('$');
                i += 2;
                continue;
            }
            String name;
            int next;
            if (i + 1 < template.length() && template.charAt(i + 1) == '{') {
                int close = template.indexOf('}', i + 2);
                if (close < 0 || close == i + 2 || !isName(template, i + 2, close)) {
                    sb.append('$');
                    i++;
                    continue;
                }
                name = template.substring(i + 2, close);
                next = close + 1;
            } else {
                int j = i + 1;
                while (j < template.length() && isNameChar(template.charAt(j))) {
                    j++;
                }
                if (j == i + 1) {
                    sb.append('$');
                    i++;
                    continue;
                }
                name = template.substring(i + 1, j);
                next = j;
            }
            sb.append(group(m, name));
            i = next;
        }
        return sb.toString();
    }

    private static boolean isName(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            if (!isNameChar(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isNameChar(char c) {
        return c == '_' || Character.isLetterOrDigit(c);
    }

    private static String group(Matcher m, String name) {
        boolean numeric = true;
        for (int i = 0; i < name.length(); i++) {
            if (!Character.isDigit(name.charAt(i))) {
                numeric = false;
                break;
            }
        }
        try {
            String g;
            if (numeric) {
                if (name.length() > 9) {
                    return "";
                }
                int n = Integer.parseInt(name);
                if (n > m.groupCount()) {
                    return "";
                }
                g = m.group(n);
            } else {
                g = m.group(name);
            }
            return g == null ? "" : g;
        } catch (IllegalArgumentException e) {
            return "";
        }
    }

    /** sort, sort_desc, sort_by_label(_desc): reorder a single-step result; a range result is sorted by labels anyway. */
    Matrix sort(Call call, List<Expr> args) {
        String name = call.function().name();
        Matrix m = ev.evalMatrix(args.get(0));
        if (ev.numSteps > 1) {
            ev.ctx.annotations.warn("sort is ineffective for range queries since results are always ordered by labels",
                    call.pos());
            return m;
        }
        Comparator<EvalSeries> order = switch (name) {
            case "sort" -> (a, b) -> compareValues(a.v[0], b.v[0], true);
            case "sort_desc" -> (a, b) -> compareValues(a.v[0], b.v[0], false);
            default -> byLabels(args.subList(1, args.size()), name.endsWith("_desc"));
        };
        m.series.sort(order);
        return m;
    }

    /** Ascending or descending by value; NaN always last. */
    private static int compareValues(double a, double b, boolean ascending) {
        boolean na = Double.isNaN(a);
        boolean nb = Double.isNaN(b);
        if (na || nb) {
            return na == nb ? 0 : (na ? 1 : -1);
        }
        return ascending ? Double.compare(a, b) : Double.compare(b, a);
    }

    private static Comparator<EvalSeries> byLabels(List<Expr> labelArgs, boolean descending) {
        List<String> names = labelArgs.stream().map(LabelFunctions::stringArg).toList();
        return (a, b) -> {
            for (String n : names) {
                String va = a.labels.get(n);
                String vb = b.labels.get(n);
                if (va.equals(vb)) {
                    continue;
                }
                boolean less = NaturalOrder.less(va, vb);
                return descending ? (less ? 1 : -1) : (less ? -1 : 1);
            }
            int c = a.labels.compareTo(b.labels);
            return descending ? -c : c;
        };
    }
}
