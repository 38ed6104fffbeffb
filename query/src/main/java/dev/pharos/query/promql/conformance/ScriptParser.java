package dev.pharos.query.promql.conformance;

import dev.pharos.query.promql.ast.Durations;
import dev.pharos.query.promql.parse.StringUnquoter;
import dev.pharos.query.promql.storage.Labels;
import dev.pharos.query.promql.storage.Re2Translator;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the promqltest script format (see the FORMAT.md next to the scripts) into commands. */
public final class ScriptParser {

    private static final Pattern LOAD = Pattern.compile("^load(?:_(with_nhcb))?\\s+(.+?)$");
    private static final Pattern EVAL_INSTANT =
            Pattern.compile("^eval(?:_(fail|warn|ordered|info))?\\s+instant\\s+(?:at\\s+(.+?))?\\s+(.+)$");
    private static final Pattern EVAL_RANGE =
            Pattern.compile("^eval(?:_(fail|warn|info))?\\s+range\\s+from\\s+(.+)\\s+to\\s+(.+)\\s+step\\s+(.+?)\\s+(.+)$");
    private static final Pattern EXPECT =
            Pattern.compile("^expect\\s+(ordered|fail|warn|no_warn|info|no_info)(?:\\s+(regex|msg):(.+))?$");
    private static final Pattern EXPECT_RANGE = Pattern.compile("^expect range vector\\s+from\\s+(.+)\\s+to\\s+(.+)\\s+step\\s+(.+)$");

    private ScriptParser() {}

    public static List<ScriptCommand> parse(String content) {
        String[] raw = content.split("\n", -1);
        String[] lines = new String[raw.length];
        for (int i = 0; i < raw.length; i++) {
            String l = raw[i].strip();
            lines[i] = l.startsWith("#") ? "" : l;
        }
        List<ScriptCommand> cmds = new ArrayList<>();
        int i = 0;
        while (i < lines.length) {
            String l = lines[i];
            if (l.isEmpty()) {
                i++;
                continue;
            }
            String word = l.split("[\\t ]+", 2)[0].toLowerCase(Locale.ROOT);
            try {
                if (word.equals("clear")) {
                    cmds.add(new ScriptCommand.Clear(i + 1));
                    i++;
                } else if (word.startsWith("load")) {
                    i = parseLoad(lines, i, cmds);
                } else if (word.startsWith("eval")) {
                    i = parseEval(lines, i, cmds);
                } else {
                    cmds.add(new ScriptCommand.Invalid(i + 1, l, "invalid command"));
                    i++;
                }
            } catch (RuntimeException e) {
                cmds.add(new ScriptCommand.Invalid(i + 1, l, String.valueOf(e.getMessage())));
                i = skipBlock(lines, i);
            }
        }
        return cmds;
    }

    private static int skipBlock(String[] lines, int i) {
        i++;
        while (i < lines.length && !lines[i].isEmpty()) {
            i++;
        }
        return i;
    }

    private static int parseLoad(String[] lines, int i, List<ScriptCommand> cmds) {
        Matcher m = LOAD.matcher(lines[i]);
        if (!m.matches()) {
            throw new IllegalArgumentException("invalid load command. (load[_with_nhcb] <step:duration>)");
        }
        long interval = Durations.parse(m.group(2));
        int start = i;
        Map<Labels, SeriesDescription> defs = new LinkedHashMap<>();
        List<Labels> startTimestamps = new ArrayList<>();
        i++;
        while (i < lines.length && !lines[i].isEmpty()) {
            Labels withStart = SeriesDescription.startTimestampLine(lines[i]);
            if (withStart != null) {
                startTimestamps.add(withStart);
                i++;
                continue;
            }
            SeriesDescription d = SeriesDescription.parse(lines[i]);
            defs.remove(d.labels());
            defs.put(d.labels(), d);
            i++;
        }
        cmds.add(new ScriptCommand.Load(start + 1, interval, m.group(1) != null, new ArrayList<>(defs.values()),
                startTimestamps));
        return i;
    }

    private static int parseEval(String[] lines, int i, List<ScriptCommand> cmds) {
        String line = lines[i];
        Matcher inst = EVAL_INSTANT.matcher(line);
        Matcher rng = EVAL_RANGE.matcher(line);
        boolean instant = inst.matches();
        if (!instant && !rng.matches()) {
            throw new IllegalArgumentException("invalid evaluation command");
        }
        String mod;
        String expr;
        long start;
        long end;
        long step = 0;
        if (instant) {
            mod = inst.group(1);
            expr = inst.group(3);
            start = inst.group(2) == null ? 0 : Durations.parse(inst.group(2));
            end = start;
        } else {
            mod = rng.group(1);
            start = Durations.parse(rng.group(2));
            end = Durations.parse(rng.group(3));
            step = Durations.parse(rng.group(4));
            expr = rng.group(5);
            if (end < start) {
                throw new IllegalArgumentException("invalid test definition, end timestamp is before start timestamp");
            }
        }
        boolean fail = "fail".equals(mod);
        boolean ordered = "ordered".equals(mod);
        List<ScriptCommand.AnnotationExpectation> annotations = new ArrayList<>();
        if ("warn".equals(mod)) {
            annotations.add(new ScriptCommand.AnnotationExpectation("warn", null, null));
        }
        if ("info".equals(mod)) {
            annotations.add(new ScriptCommand.AnnotationExpectation("info", null, null));
        }
        String failMessage = null;
        Pattern failRegex = null;
        String expectedString = null;
        boolean expectRange = false;
        Double scalar = null;
        boolean histograms = false;
        List<ScriptCommand.ExpectedSeries> series = new ArrayList<>();
        int evalLine = i + 1;
        int j = 1;
        i++;
        while (i < lines.length && !lines[i].isEmpty()) {
            String def = lines[i];
            if (fail && def.startsWith("expected_fail_message")) {
                failMessage = def.substring("expected_fail_message".length()).strip();
                i++;
                break;
            }
            if (fail && def.startsWith("expected_fail_regexp")) {
                failRegex = Pattern.compile(Re2Translator.translate(def.substring("expected_fail_regexp".length()).strip()));
                i++;
                break;
            }
            if (def.startsWith("expect range vector")) {
                Matcher rm = EXPECT_RANGE.matcher(def);
                if (!rm.matches()) {
                    throw new IllegalArgumentException("invalid range vector definition " + def);
                }
                start = Durations.parse(rm.group(1));
                end = Durations.parse(rm.group(2));
                step = Durations.parse(rm.group(3));
                expectRange = true;
                i++;
                continue;
            }
            if (def.startsWith("expect string")) {
                String lit = def.substring("expect string".length()).strip();
                expectedString = StringUnquoter.unquote(lit);
                i++;
                continue;
            }
            if (def.split(" ")[0].equals("expect")) {
                Matcher em = EXPECT.matcher(def);
                if (!em.matches()) {
                    throw new IllegalArgumentException("invalid expect statement: " + def);
                }
                String type = em.group(1);
                String kind = em.group(2);
                String text = em.group(3) == null ? null : em.group(3).strip();
                switch (type) {
                    case "ordered" -> ordered = true;
                    case "fail" -> {
                        fail = true;
                        if ("msg".equals(kind)) {
                            failMessage = text;
                        } else if ("regex".equals(kind)) {
                            failRegex = Pattern.compile(Re2Translator.translate(text));
                        }
                    }
                    default -> annotations.add(new ScriptCommand.AnnotationExpectation(type,
                            "msg".equals(kind) ? text : null,
                            "regex".equals(kind) ? Pattern.compile(Re2Translator.translate(text)) : null));
                }
                i++;
                continue;
            }
            Double number = parseNumber(def);
            if (number != null) {
                scalar = number;
                i++;
                break;
            }
            SeriesDescription d = SeriesDescription.parse(def);
            if (d.values().size() > 1 && instant && !expectRange) {
                throw new IllegalArgumentException("expecting multiple values in instant evaluation not allowed");
            }
            histograms |= d.hasNonFloatSamples();
            series.removeIf(s -> s.labels().equals(d.labels()));
            series.add(new ScriptCommand.ExpectedSeries(j, d.labels(), d.values()));
            j++;
            i++;
        }
        cmds.add(new ScriptCommand.Eval(evalLine, expr, !instant, start, end, step, fail, failMessage, failRegex, ordered,
                annotations, expectedString, expectRange, scalar, series, histograms));
        return i;
    }

    /** Go's ParseInt(s, 0, 64) then ParseFloat: a bare number line is an expected scalar. */
    static Double parseNumber(String s) {
        String t = s.strip();
        String lower = t.toLowerCase(Locale.ROOT);
        String unsigned = lower.startsWith("+") || lower.startsWith("-") ? lower.substring(1) : lower;
        if (unsigned.equals("inf") || unsigned.equals("infinity")) {
            return lower.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        if (unsigned.equals("nan")) {
            return Double.NaN;
        }
        if (!t.matches("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?") && !t.matches("[+-]?0[xX][0-9a-fA-F]+")) {
            return null;
        }
        if (t.matches("[+-]?0[xX][0-9a-fA-F]+")) {
            boolean neg = t.startsWith("-");
            String hex = t.replaceFirst("^[+-]?0[xX]", "");
            double v = new java.math.BigInteger(hex, 16).doubleValue();
            return neg ? -v : v;
        }
        return Double.parseDouble(t);
    }
}
