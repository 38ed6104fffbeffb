package dev.pharos.query.promql.conformance;

import dev.pharos.query.promql.storage.Labels;
import java.util.List;
import java.util.regex.Pattern;

/** One command of a promqltest script. {@code line} is 1-based. */
public sealed interface ScriptCommand {

    int line();

    /** {@code load <interval>}: series whose i-th value is at i * interval. */
    /**
     * @param startTimestampSeries series given start timestamps by {@code metric@st ...} lines, which this engine
     *     does not model; evaluations reading them are skipped
     */
    record Load(int line, long intervalMs, boolean withNhcb, List<SeriesDescription> series,
            List<Labels> startTimestampSeries) implements ScriptCommand {}

    /** {@code clear}: drop everything loaded so far. */
    record Clear(int line) implements ScriptCommand {}

    /** A command the parser could not read; reported as a failure of the file. */
    record Invalid(int line, String text, String error) implements ScriptCommand {}

    /** An expectation on annotations: {@code expect warn msg: ...}. */
    record AnnotationExpectation(String type, String message, Pattern regex) {
        /**
         * Whether an annotation satisfies this expectation. Prometheus prints the query position, " (1:19)", on
         * some annotations and not on others; the text is compared with and without it.
         */
        boolean matches(String annotation) {
            String bare = annotation.replaceFirst(" \\(\\d+:\\d+\\)$", "");
            if (regex != null) {
                return regex.matcher(annotation).find() || regex.matcher(bare).find();
            }
            return message == null || message.equals(annotation) || message.equals(bare);
        }
    }

    /** An expected output series with its values (one per step for range results). */
    record ExpectedSeries(int position, Labels labels, List<SequenceValue> values) {}

    /**
     * {@code eval instant at <t> <expr>} or {@code eval range from <a> to <b> step <s> <expr>} and what it should
     * produce.
     */
    record Eval(
            int line,
            String expr,
            boolean range,
            long startMs,
            long endMs,
            long stepMs,
            boolean fail,
            String failMessage,
            Pattern failRegex,
            boolean ordered,
            List<AnnotationExpectation> annotations,
            String expectedString,
            boolean expectRangeVector,
            Double expectedScalar,
            List<ExpectedSeries> expectedSeries,
            boolean expectsHistograms) implements ScriptCommand {

        /** Evaluation time of an instant query. */
        public long time() {
            return range ? startMs : endMs;
        }

        boolean excludedFromRangeMode() {
            return expectRangeVector || expectedString != null;
        }
    }
}
