package dev.pharos.query.promql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

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
        System.out.println("PromQL conformance (in-memory storage)\n" + ConformanceRunner.format(reports));
        int passed = reports.stream().mapToInt(FileReport::passed).sum();
        assertThat(passed).as("passed cases").isGreaterThanOrEqualTo(MIN_PASSED);
    }
}
