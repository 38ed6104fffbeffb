package dev.pharos.query.promql.conformance;

import java.util.List;
import java.util.Map;

/**
 * Outcome of one script.
 *
 * @param passed                 eval cases whose results (and errors) matched
 * @param failed                 eval cases that did not match, or could not run
 * @param skipped                cases involving native histograms (out of scope), by reason in {@code skipReasons}
 * @param annotationsNotChecked  passed cases whose warn/info expectations our annotations did not satisfy
 * @param failures               the first differences, with file:line
 * @param annotationNotes        the first unsatisfied annotation expectations
 */
public record FileReport(String file, int passed, int failed, int skipped, int annotationsNotChecked,
        Map<String, Integer> skipReasons, List<CaseFailure> failures, List<CaseFailure> annotationNotes) {

    public int total() {
        return passed + failed + skipped;
    }

    public String summaryLine() {
        return String.format("%-40s passed %4d  failed %4d  skipped %4d  (annotations not checked: %d)", file, passed,
                failed, skipped, annotationsNotChecked);
    }
}
