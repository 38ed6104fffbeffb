package dev.pharos.query.promql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.pharos.query.promql.conformance.CaseFailure;
import dev.pharos.query.promql.conformance.ConformanceRunner;
import dev.pharos.query.promql.conformance.FileReport;
import dev.pharos.query.promql.conformance.InMemoryScriptStorage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Runs Prometheus's PromQL conformance scripts against the engine with in-memory storage. */
class PromqlConformanceInMemoryTest {

    private static final Path SCRIPTS = Path.of(System.getProperty("promql.tests.dir", "/work/shared/promql-tests"));

    /** The pass count reached so far; it must not go down. */
    private static final int MIN_PASSED = 440;

    @Test
    void scriptsPass() throws Exception {
        assumeTrue(Files.isDirectory(SCRIPTS), "no PromQL test scripts at " + SCRIPTS);
        List<FileReport> reports = new ConformanceRunner(new InMemoryScriptStorage()).runDirectory(SCRIPTS);
        int passed = 0;
        int failed = 0;
        int skipped = 0;
        StringBuilder out = new StringBuilder("PromQL conformance (in-memory storage)\n");
        for (FileReport r : reports) {
            passed += r.passed();
            failed += r.failed();
            skipped += r.skipped();
            out.append(r.summaryLine()).append('\n');
        }
        out.append(String.format("%-40s passed %4d  failed %4d  skipped %4d%n", "TOTAL", passed, failed, skipped));
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
        System.out.println(out);
        assertThat(passed).as("passed cases").isGreaterThanOrEqualTo(MIN_PASSED);
    }
}
