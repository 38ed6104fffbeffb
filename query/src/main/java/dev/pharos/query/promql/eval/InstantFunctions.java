package dev.pharos.query.promql.eval;

import dev.pharos.query.promql.ast.Call;
import dev.pharos.query.promql.ast.Expr;
import dev.pharos.query.promql.ast.VectorSelector;
import dev.pharos.query.promql.storage.LabelMatcher;
import dev.pharos.query.promql.storage.Labels;
import dev.pharos.query.promql.storage.Series;
import dev.pharos.query.promql.storage.StaleNaN;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.DoubleUnaryOperator;

/** Functions over instant vectors and scalars: math, clamping, rounding, dates, scalar/vector conversion, absent. */
final class InstantFunctions {

    private final Evaluator ev;

    InstantFunctions(Evaluator ev) {
        this.ev = ev;
    }

    Matrix eval(Call call, List<Expr> args) {
        String name = call.function().name();
        DoubleUnaryOperator math = mathFunction(name);
        if (math != null) {
            return map(ev.evalMatrix(args.get(0)), math);
        }
        return switch (name) {
            case "time" -> perStep(ts -> ts / 1000.0);
            case "pi" -> ev.constant(Math.PI);
            case "step" -> ev.constant(ev.ctx.queryStep / 1000.0);
            case "range" -> ev.constant((ev.ctx.queryEnd - ev.ctx.queryStart) / 1000.0);
            case "start" -> ev.constant(ev.ctx.queryStart / 1000.0);
            case "end" -> ev.constant(ev.ctx.queryEnd / 1000.0);
            case "min_of", "max_of" -> {
                double[] a = ev.evalScalar(args.get(0));
                double[] b = ev.evalScalar(args.get(1));
                double[] r = new double[ev.numSteps];
                for (int i = 0; i < r.length; i++) {
                    r[i] = name.equals("min_of") ? Math.min(a[i], b[i]) : Math.max(a[i], b[i]);
                }
                yield ev.denseScalar(r);
            }
            case "vector" -> {
                double[] s = ev.evalScalar(args.get(0));
                Matrix m = ev.denseScalar(s);
                yield m;
            }
            case "scalar" -> scalar(ev.evalMatrix(args.get(0)));
            case "clamp" -> clamp(args, ev.evalScalar(args.get(1)), ev.evalScalar(args.get(2)));
            case "clamp_min" -> clamp(args, ev.evalScalar(args.get(1)), null);
            case "clamp_max" -> clamp(args, null, ev.evalScalar(args.get(1)));
            case "round" -> round(args);
            case "timestamp" -> {
                Matrix m = ev.evalMatrix(args.get(0));
                for (EvalSeries s : m.series) {
                    s.dropName = true;
                    for (int i = 0; i < s.n; i++) {
                        s.v[i] = s.t[i] / 1000.0;
                    }
                }
                yield m;
            }
            case "absent" -> absent(args.get(0));
            case "day_of_month", "day_of_week", "day_of_year", "days_in_month", "hour", "minute", "month", "year" ->
                    date(name, args);
            default -> throw EvalContext.error("function " + name + " is not supported");
        };
    }

    private static DoubleUnaryOperator mathFunction(String name) {
        return switch (name) {
            case "abs" -> Math::abs;
            case "ceil" -> Math::ceil;
            case "floor" -> Math::floor;
            case "exp" -> Math::exp;
            case "sqrt" -> Math::sqrt;
            case "ln" -> Math::log;
            case "log2" -> InstantFunctions::log2;
            case "log10" -> Math::log10;
            case "sin" -> Math::sin;
            case "cos" -> Math::cos;
            case "tan" -> Math::tan;
            case "asin" -> Math::asin;
            case "acos" -> Math::acos;
            case "atan" -> Math::atan;
            case "sinh" -> Math::sinh;
            case "cosh" -> Math::cosh;
            case "tanh" -> Math::tanh;
            case "asinh" -> InstantFunctions::asinh;
            case "acosh" -> InstantFunctions::acosh;
            case "atanh" -> InstantFunctions::atanh;
            case "rad" -> v -> v * Math.PI / 180;
            case "deg" -> v -> v * 180 / Math.PI;
            case "sgn" -> v -> v < 0 ? -1 : (v > 0 ? 1 : v);
            default -> null;
        };
    }

    /** Go's math.Log2: exact for powers of two. */
    static double log2(double x) {
        if (x > 0 && !Double.isInfinite(x)) {
            int exp = Math.getExponent(x);
            if (exp >= Double.MIN_EXPONENT && x == Math.scalb(1.0, exp)) {
                return exp;
            }
        }
        return Math.log(x) / Math.log(2);
    }

    static double asinh(double x) {
        if (Double.isNaN(x) || Double.isInfinite(x) || x == 0) {
            return x;
        }
        double a = Math.abs(x);
        double r;
        if (a > 1 << 28) {
            r = Math.log(a) + 0.6931471805599453;
        } else if (a > 2) {
            r = Math.log(2 * a + 1 / (Math.sqrt(x * x + 1) + a));
        } else if (a < 1.0 / (1 << 28)) {
            r = a;
        } else {
            r = Math.log1p(a + x * x / (1 + Math.sqrt(1 + x * x)));
        }
        return x < 0 ? -r : r;
    }

    static double acosh(double x) {
        if (x < 1 || Double.isNaN(x)) {
            return Double.NaN;
        }
        if (x == 1) {
            return 0;
        }
        if (x >= 1 << 28) {
            return Math.log(x) + 0.6931471805599453;
        }
        if (x > 2) {
            return Math.log(2 * x - 1 / (x + Math.sqrt(x * x - 1)));
        }
        double t = x - 1;
        return Math.log1p(t + Math.sqrt(2 * t + t * t));
    }

    static double atanh(double x) {
        if (x < -1 || x > 1 || Double.isNaN(x)) {
            return Double.NaN;
        }
        if (x == 1) {
            return Double.POSITIVE_INFINITY;
        }
        if (x == -1) {
            return Double.NEGATIVE_INFINITY;
        }
        boolean sign = x < 0;
        double a = Math.abs(x);
        double t;
        if (a < 1.0 / (1 << 28)) {
            t = a;
        } else if (a < 0.5) {
            t = a + a;
            t = 0.5 * Math.log1p(t + t * a / (1 - a));
        } else {
            t = 0.5 * Math.log1p((a + a) / (1 - a));
        }
        return sign ? -t : t;
    }

    /** Applies f to every point, in place; the results drop the metric name. */
    Matrix map(Matrix m, DoubleUnaryOperator f) {
        for (EvalSeries s : m.series) {
            ev.ctx.checkDeadline();
            s.dropName = true;
            for (int i = 0; i < s.n; i++) {
                s.v[i] = f.applyAsDouble(s.v[i]);
            }
        }
        return m;
    }

    private Matrix perStep(java.util.function.LongToDoubleFunction f) {
        double[] r = new double[ev.numSteps];
        for (int i = 0; i < r.length; i++) {
            r[i] = f.applyAsDouble(ev.stepTime(i));
        }
        return ev.denseScalar(r);
    }

    /** The single sample's value at each step, NaN when there are none or several. */
    private Matrix scalar(Matrix m) {
        double[] r = new double[ev.numSteps];
        int[] count = new int[ev.numSteps];
        for (EvalSeries s : m.series) {
            for (int i = 0; i < s.n; i++) {
                int step = ev.stepIndex(s.t[i]);
                count[step]++;
                r[step] = s.v[i];
            }
        }
        for (int i = 0; i < r.length; i++) {
            if (count[i] != 1) {
                r[i] = Double.NaN;
            }
        }
        ev.ctx.releaseSamples(m.totalPoints());
        return ev.denseScalar(r);
    }

    private Matrix clamp(List<Expr> args, double[] min, double[] max) {
        Matrix m = ev.evalMatrix(args.get(0));
        Matrix out = new Matrix();
        for (EvalSeries s : m.series) {
            int w = 0;
            for (int i = 0; i < s.n; i++) {
                int step = ev.stepIndex(s.t[i]);
                double lo = min == null ? Double.NEGATIVE_INFINITY : min[step];
                double hi = max == null ? Double.POSITIVE_INFINITY : max[step];
                if (hi < lo) {
                    continue;
                }
                s.t[w] = s.t[i];
                s.v[w] = Math.max(lo, Math.min(hi, s.v[i]));
                w++;
            }
            s.n = w;
            s.dropName = true;
            if (w > 0) {
                out.add(s);
            }
        }
        return out;
    }

    private Matrix round(List<Expr> args) {
        Matrix m = ev.evalMatrix(args.get(0));
        double[] nearest = args.size() > 1 ? ev.evalScalar(args.get(1)) : null;
        for (EvalSeries s : m.series) {
            s.dropName = true;
            for (int i = 0; i < s.n; i++) {
                double toNearest = nearest == null ? 1 : nearest[ev.stepIndex(s.t[i])];
                double inverse = 1.0 / toNearest;
                s.v[i] = Math.floor(s.v[i] * inverse + 0.5) / inverse;
            }
        }
        return m;
    }

    /** timestamp(selector): the time of the sample each step picked, not the step time. */
    Matrix timestampOfSelector(VectorSelector vs) {
        Matrix out = new Matrix();
        boolean pinned = vs.at() != null;
        long pinnedTime = pinned ? ev.resolveAt(vs.at()) : 0;
        for (Series s : ev.ctx.seriesOf(vs)) {
            long[] t = s.timestampsMs();
            double[] v = s.values();
            int p = 0;
            EvalSeries es = null;
            for (int i = 0; i < ev.numSteps; i++) {
                long ts = ev.stepTime(i);
                long ref = (pinned ? pinnedTime : ts) - vs.offsetMs();
                while (p < t.length && t[p] <= ref) {
                    p++;
                }
                if (p == 0) {
                    continue;
                }
                int k = p - 1;
                if (t[k] <= ref - ev.ctx.lookbackMs || StaleNaN.is(v[k])) {
                    continue;
                }
                if (es == null) {
                    es = new EvalSeries(s.labels(), true, ev.numSteps);
                }
                es.add(ts, t[k] / 1000.0);
            }
            if (es != null) {
                ev.ctx.addSamples(es.n);
                out.add(es);
            }
        }
        return out;
    }

    private Matrix absent(Expr arg) {
        Matrix m = ev.evalMatrix(arg);
        boolean[] present = new boolean[ev.numSteps];
        for (EvalSeries s : m.series) {
            for (int i = 0; i < s.n; i++) {
                present[ev.stepIndex(s.t[i])] = true;
            }
        }
        ev.ctx.releaseSamples(m.totalPoints());
        Labels labels = arg instanceof VectorSelector vs ? absentLabels(vs) : Labels.empty();
        EvalSeries out = null;
        for (int i = 0; i < ev.numSteps; i++) {
            if (!present[i]) {
                if (out == null) {
                    out = new EvalSeries(labels, false, ev.numSteps);
                }
                out.add(ev.stepTime(i), 1);
            }
        }
        Matrix r = new Matrix();
        if (out != null) {
            r.add(out);
        }
        return r;
    }

    /** The labels absent() reports: those matched by exactly one equality matcher, except the metric name. */
    static Labels absentLabels(VectorSelector vs) {
        Labels.Builder b = Labels.builder();
        Set<String> has = new HashSet<>();
        for (LabelMatcher m : vs.matchers()) {
            if (m.name().equals(Labels.METRIC_NAME)) {
                continue;
            }
            if (m.type() == LabelMatcher.Type.EQUAL && !has.contains(m.name())) {
                b.set(m.name(), m.value());
                has.add(m.name());
            } else {
                b.delete(m.name());
            }
        }
        return b.build();
    }

    private Matrix date(String name, List<Expr> args) {
        if (args.isEmpty()) {
            double[] r = new double[ev.numSteps];
            for (int i = 0; i < r.length; i++) {
                r[i] = datePart(name, ev.stepTime(i) / 1000);
            }
            Matrix m = ev.denseScalar(r);
            return m;
        }
        return map(ev.evalMatrix(args.get(0)), v -> datePart(name, goInt64(v)));
    }

    /** Go's float-to-int64 conversion as the amd64 instruction does it: truncation, MinInt64 when out of range. */
    static long goInt64(double v) {
        if (Double.isNaN(v) || v >= 9.223372036854775807E18 || v < -9.223372036854775808E18) {
            return Long.MIN_VALUE;
        }
        return (long) v;
    }

    static double datePart(String name, long epochSeconds) {
        LocalDateTime t;
        try {
            t = LocalDateTime.ofEpochSecond(epochSeconds, 0, ZoneOffset.UTC);
        } catch (java.time.DateTimeException e) {
            return Double.NaN;
        }
        return switch (name) {
            case "day_of_month" -> t.getDayOfMonth();
            case "day_of_week" -> t.getDayOfWeek().getValue() % 7;
            case "day_of_year" -> t.getDayOfYear();
            case "days_in_month" -> t.toLocalDate().lengthOfMonth();
            case "hour" -> t.getHour();
            case "minute" -> t.getMinute();
            case "month" -> t.getMonthValue();
            case "year" -> t.getYear();
            default -> throw new IllegalStateException(name);
        };
    }
}
