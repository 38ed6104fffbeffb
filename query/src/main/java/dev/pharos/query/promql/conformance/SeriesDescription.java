package dev.pharos.query.promql.conformance;

import dev.pharos.query.promql.parse.Parser;
import dev.pharos.query.promql.storage.Labels;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A series line of a test script: {@code metric{labels} 1+2x3 _ stale 5 {{...}}}. Values expand as in
 * promqltest: {@code a+bxN} and {@code a-bxN} are N+1 values from a in steps of b, {@code axN} repeats a N+1 times,
 * {@code _xN} is N missing values.
 */
public record SeriesDescription(Labels labels, List<SequenceValue> values) {

    /** True when some value is a native histogram or stateset, sample types this engine does not evaluate. */
    public boolean hasNonFloatSamples() {
        return values.stream().anyMatch(v -> v.kind() == SequenceValue.Kind.HISTOGRAM || v.kind() == SequenceValue.Kind.STATESET);
    }

    public boolean hasFloats() {
        return values.stream().anyMatch(v -> v.kind() == SequenceValue.Kind.FLOAT || v.kind() == SequenceValue.Kind.STALE);
    }

    /**
     * @throws IllegalArgumentException for malformed lines
     */
    public static SeriesDescription parse(String line) {
        String s = line.strip();
        int end = metricEnd(s);
        Labels labels = Parser.parseMetric(s.substring(0, end));
        return new SeriesDescription(labels, parseValues(s.substring(end)));
    }

    /**
     * The labels of a {@code metric{labels}@st ...} line, which gives start timestamps for the samples of the series
     * of the same name rather than samples; null for ordinary series lines.
     */
    public static Labels startTimestampLine(String line) {
        String s = line.strip();
        int end = metricEnd(s);
        if (!s.startsWith("@st", end)) {
            return null;
        }
        return Parser.parseMetric(s.substring(0, end));
    }

    private static int metricEnd(String s) {
        int i = 0;
        if (!s.startsWith("{")) {
            while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_' || s.charAt(i) == ':')) {
                i++;
            }
        }
        if (i < s.length() && s.charAt(i) == '{') {
            char quote = 0;
            for (int j = i + 1; j < s.length(); j++) {
                char c = s.charAt(j);
                if (quote != 0) {
                    if (c == '\\' && quote != '`') {
                        j++;
                    } else if (c == quote) {
                        quote = 0;
                    }
                } else if (c == '"' || c == '\'' || c == '`') {
                    quote = c;
                } else if (c == '}') {
                    return j + 1;
                }
            }
            throw new IllegalArgumentException("unclosed brace in series description: " + s);
        }
        if (i == 0) {
            throw new IllegalArgumentException("missing metric in series description: " + s);
        }
        return i;
    }

    /** Parses the value part of a series line. */
    public static List<SequenceValue> parseValues(String text) {
        List<SequenceValue> out = new ArrayList<>();
        int i = 0;
        int n = text.length();
        while (i < n) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
                continue;
            }
            if (text.startsWith("{{", i)) {
                int close = text.indexOf("}}", i);
                if (close < 0) {
                    throw new IllegalArgumentException("unclosed histogram in series description");
                }
                int j = close + 2;
                if (j < n && text.charAt(j) == '+' && text.startsWith("{{", j + 1)) {
                    int close2 = text.indexOf("}}", j + 1);
                    if (close2 < 0) {
                        throw new IllegalArgumentException("unclosed histogram in series description");
                    }
                    j = close2 + 2;
                }
                int count = 1;
                if (j < n && text.charAt(j) == 'x') {
                    int k = j + 1;
                    while (k < n && Character.isDigit(text.charAt(k))) {
                        k++;
                    }
                    count = Integer.parseInt(text.substring(j + 1, k)) + 1;
                    j = k;
                }
                for (int r = 0; r < count; r++) {
                    out.add(SequenceValue.HISTOGRAM);
                }
                i = j;
                continue;
            }
            if (text.startsWith("ss(", i)) {
                i = stateset(text, i, out);
                continue;
            }
            int j = i;
            while (j < n && !Character.isWhitespace(text.charAt(j))) {
                j++;
            }
            expandItem(text.substring(i, j), out);
            i = j;
        }
        return out;
    }

    /** {@code ss(label, a=1 b=0)} with an optional {@code xN} repeat (N+1 copies, as for histograms). */
    private static int stateset(String text, int at, List<SequenceValue> out) {
        int close = text.indexOf(')', at);
        if (close < 0) {
            throw new IllegalArgumentException("unclosed stateset in series description");
        }
        int j = close + 1;
        while (j < text.length() && text.charAt(j) == ' ' && j + 1 < text.length() && text.charAt(j + 1) == 'x') {
            j++;
        }
        int count = 1;
        if (j < text.length() && text.charAt(j) == 'x') {
            int k = j + 1;
            while (k < text.length() && Character.isDigit(text.charAt(k))) {
                k++;
            }
            count = Integer.parseInt(text.substring(j + 1, k)) + 1;
            j = k;
        } else {
            j = close + 1;
        }
        for (int r = 0; r < count; r++) {
            out.add(SequenceValue.STATESET);
        }
        return j;
    }

    private static void expandItem(String item, List<SequenceValue> out) {
        if (item.equals("_")) {
            out.add(SequenceValue.OMITTED);
            return;
        }
        if (item.startsWith("_x")) {
            int count = Integer.parseInt(item.substring(2));
            for (int r = 0; r < count; r++) {
                out.add(SequenceValue.OMITTED);
            }
            return;
        }
        if (item.equals("stale")) {
            out.add(SequenceValue.STALE);
            return;
        }
        int[] pos = {0};
        double start = number(item, pos);
        if (pos[0] == item.length()) {
            out.add(SequenceValue.of(start));
            return;
        }
        double delta = 0;
        char c = item.charAt(pos[0]);
        if (c == '+' || c == '-') {
            delta = number(item, pos);
            if (pos[0] >= item.length() || item.charAt(pos[0]) != 'x') {
                throw new IllegalArgumentException("invalid value in series description: " + item);
            }
        }
        if (item.charAt(pos[0]) != 'x') {
            throw new IllegalArgumentException("invalid value in series description: " + item);
        }
        int count = Integer.parseInt(item.substring(pos[0] + 1));
        double v = start;
        for (int r = 0; r <= count; r++) {
            out.add(SequenceValue.of(v));
            v += delta;
        }
    }

    /** A signed number starting at pos[0] (Inf/NaN included); advances pos[0] past it. */
    private static double number(String s, int[] pos) {
        int i = pos[0];
        int start = i;
        if (i < s.length() && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
            i++;
        }
        String rest = s.substring(i).toLowerCase(Locale.ROOT);
        if (rest.startsWith("inf")) {
            pos[0] = i + 3;
            return s.charAt(start) == '-' ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        if (rest.startsWith("nan")) {
            pos[0] = i + 3;
            return Double.NaN;
        }
        while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.')) {
            i++;
        }
        if (i < s.length() && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
            int k = i + 1;
            if (k < s.length() && (s.charAt(k) == '+' || s.charAt(k) == '-')) {
                k++;
            }
            if (k < s.length() && Character.isDigit(s.charAt(k))) {
                while (k < s.length() && Character.isDigit(s.charAt(k))) {
                    k++;
                }
                i = k;
            }
        }
        String text = s.substring(start, i);
        if (text.isEmpty() || text.equals("+") || text.equals("-")) {
            throw new IllegalArgumentException("invalid number in series description: " + s);
        }
        pos[0] = i;
        return Double.parseDouble(text);
    }
}
