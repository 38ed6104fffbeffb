package dev.pharos.query.promql.conformance;

import dev.pharos.query.promql.conformance.ScriptCommand.Eval;
import dev.pharos.query.promql.conformance.ScriptCommand.ExpectedSeries;
import dev.pharos.query.promql.storage.Labels;
import dev.pharos.query.promql.value.MatrixValue;
import dev.pharos.query.promql.value.Sample;
import dev.pharos.query.promql.value.ScalarValue;
import dev.pharos.query.promql.value.SeriesValue;
import dev.pharos.query.promql.value.StringValue;
import dev.pharos.query.promql.value.Value;
import dev.pharos.query.promql.value.VectorValue;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Compares a result with a script's expectation the way promqltest does; returns null when they agree. */
final class ResultComparator {

    static final double EPSILON = 0.000001;

    private ResultComparator() {}

    /** Prometheus's almost.Equal: relative tolerance, NaN equals NaN, staleness markers only equal each other. */
    static boolean almostEqual(double a, double b, double epsilon) {
        boolean sa = dev.pharos.query.promql.storage.StaleNaN.is(a);
        boolean sb = dev.pharos.query.promql.storage.StaleNaN.is(b);
        if (sa || sb) {
            return sa && sb;
        }
        if (Double.isNaN(a) && Double.isNaN(b)) {
            return true;
        }
        if (a == b) {
            return true;
        }
        double absSum = Math.abs(a) + Math.abs(b);
        double diff = Math.abs(a - b);
        if (a == 0 || b == 0 || absSum < Double.MIN_NORMAL) {
            return diff < epsilon * Double.MIN_NORMAL;
        }
        return diff / Math.min(absSum, Double.MAX_VALUE) < epsilon;
    }

    static String compare(Eval ev, Value value, long start, long end, long step) {
        return switch (value) {
            case MatrixValue m -> compareMatrix(ev, m, start, end, step);
            case VectorValue v -> compareVector(ev, v.samples());
            case ScalarValue s -> {
                if (ev.expectedScalar() == null) {
                    yield "expected vector or matrix result, but got scalar " + s.value();
                }
                if (!almostEqual(ev.expectedScalar(), s.value(), EPSILON)) {
                    yield "expected scalar " + ev.expectedScalar() + " but got " + s.value();
                }
                yield null;
            }
            case StringValue s -> {
                if (ev.expectedString() == null || !ev.expectedString().equals(s.value())) {
                    yield "expected string \"" + ev.expectedString() + "\" but got \"" + s.value() + "\"";
                }
                yield null;
            }
        };
    }

    static String compareMatrix(Eval ev, MatrixValue m, long start, long end, long step) {
        if (ev.ordered()) {
            return "expected ordered result, but query returned a matrix";
        }
        if (ev.expectedScalar() != null) {
            return "expected scalar result, but got matrix";
        }
        List<SeriesValue> series = m.series();
        for (int i = 0; i + 1 < series.size(); i++) {
            if (series.get(i).labels().compareTo(series.get(i + 1).labels()) > 0) {
                return "matrix results should always be sorted by labels, but " + series.get(i + 1).labels()
                        + " sorts before " + series.get(i).labels();
            }
        }
        Map<Labels, ExpectedSeries> expected = expectedByLabels(ev);
        Set<Labels> seen = new HashSet<>();
        for (SeriesValue s : series) {
            ExpectedSeries exp = expected.get(s.labels());
            if (exp == null) {
                return "unexpected metric " + s.labels() + " in result, has " + format(s);
            }
            seen.add(s.labels());
            List<long[]> expT = new ArrayList<>();
            List<Double> expV = new ArrayList<>();
            for (int i = 0; i < exp.values().size(); i++) {
                long ts = start + i * step;
                if (ts > end) {
                    return "expected " + exp.values().size() + " points for " + exp.labels()
                            + ", but query time range cannot return this many points";
                }
                SequenceValue sv = exp.values().get(i);
                if (sv.kind() == SequenceValue.Kind.FLOAT) {
                    expT.add(new long[] {ts});
                    expV.add(sv.value());
                } else if (sv.kind() == SequenceValue.Kind.STALE) {
                    expT.add(new long[] {ts});
                    expV.add(dev.pharos.query.promql.storage.StaleNaN.VALUE);
                }
            }
            if (expT.size() != s.size()) {
                return "expected " + expT.size() + " float points for " + exp.labels() + ", but got " + format(s);
            }
            for (int i = 0; i < expT.size(); i++) {
                if (expT.get(i)[0] != s.timestampsMs()[i]) {
                    return "expected float value at index " + i + " for " + exp.labels() + " to have timestamp "
                            + expT.get(i)[0] + ", but it had timestamp " + s.timestampsMs()[i] + " (result has " + format(s) + ")";
                }
                if (!almostEqual(s.values()[i], expV.get(i), EPSILON)) {
                    return "expected float value at index " + i + " (t=" + s.timestampsMs()[i] + ") for " + exp.labels()
                            + " to be " + expV.get(i) + ", but got " + s.values()[i] + " (result has " + format(s) + ")";
                }
            }
        }
        for (ExpectedSeries e : ev.expectedSeries()) {
            if (!seen.contains(e.labels())) {
                return "expected metric " + e.labels() + " not found";
            }
        }
        return null;
    }

    static String compareVector(Eval ev, List<Sample> samples) {
        if (ev.expectedScalar() != null) {
            return "expected scalar result, but got vector " + samples;
        }
        Map<Labels, ExpectedSeries> expected = expectedByLabels(ev);
        Set<Labels> seen = new HashSet<>();
        for (int pos = 0; pos < samples.size(); pos++) {
            Sample s = samples.get(pos);
            ExpectedSeries exp = expected.get(s.labels());
            if (exp == null) {
                return "unexpected metric " + s.labels() + " in result, has value " + s.value();
            }
            if (ev.ordered() && exp.position() != pos + 1) {
                return "expected metric " + s.labels() + " at position " + exp.position() + " but was at " + (pos + 1);
            }
            SequenceValue first = exp.values().isEmpty() ? SequenceValue.OMITTED : exp.values().getFirst();
            double want = first.kind() == SequenceValue.Kind.FLOAT ? first.value() : 0;
            if (!almostEqual(want, s.value(), EPSILON)) {
                return "expected " + want + " for " + s.labels() + " but got " + s.value();
            }
            seen.add(s.labels());
        }
        for (ExpectedSeries e : ev.expectedSeries()) {
            if (!seen.contains(e.labels())) {
                return "expected metric " + e.labels() + " with " + e.values() + " not found";
            }
        }
        return null;
    }

    private static Map<Labels, ExpectedSeries> expectedByLabels(Eval ev) {
        Map<Labels, ExpectedSeries> m = new HashMap<>();
        for (ExpectedSeries e : ev.expectedSeries()) {
            m.put(e.labels(), e);
        }
        return m;
    }

    private static String format(SeriesValue s) {
        StringBuilder sb = new StringBuilder().append(s.size()).append(" float point(s) [");
        for (int i = 0; i < s.size(); i++) {
            if (i > 0) {
                sb.append(' ');
            }
            sb.append(s.values()[i]).append(" @[").append(s.timestampsMs()[i]).append(']');
        }
        return sb.append(']').toString();
    }
}
