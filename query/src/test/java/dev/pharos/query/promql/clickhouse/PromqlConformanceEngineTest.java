package dev.pharos.query.promql.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pharos.query.EngineFixture;
import dev.pharos.query.QueryOptions;
import dev.pharos.query.promql.conformance.CaseFailure;
import dev.pharos.query.promql.conformance.ConformanceRunner;
import dev.pharos.query.promql.conformance.FileReport;
import dev.pharos.store.embedded.EmbeddedClickHouse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Prometheus's PromQL conformance scripts through the real storage: every {@code load} goes into
 * the engine's tables, every {@code eval} reads them back with the SQL the HTTP API runs. Prints
 * pass / fail / skipped per file (the figure docs/promql.md quotes).
 */
class PromqlConformanceEngineTest {

    @TempDir
    Path dir;

    static Path scripts() {
        String configured = System.getProperty("promql.tests.dir");
        if (configured != null) {
            return Path.of(configured);
        }
        for (Path p : List.of(Path.of("../../shared/promql-tests"), Path.of("../shared/promql-tests"))) {
            if (Files.isDirectory(p)) {
                return p;
            }
        }
        return Path.of("src/test/resources/promql-tests");
    }

    @Test
    void scriptsPassThroughTheEngine() throws Exception {
        Path scripts = scripts();
        List<FileReport> reports;
        try (EmbeddedClickHouse engine = EngineFixture.open(dir.resolve("data"))) {
            reports = new ConformanceRunner(new ClickHouseScriptStorage(engine, QueryOptions.defaults(EngineFixture.DB))).runDirectory(scripts);
        }
        int passed = 0;
        int failed = 0;
        int skipped = 0;
        StringBuilder out = new StringBuilder("PromQL conformance through the embedded engine (" + scripts + ")\n");
        for (FileReport r : reports) {
            passed += r.passed();
            failed += r.failed();
            skipped += r.skipped();
            out.append(r.summaryLine()).append('\n');
        }
        out.append(String.format("%-40s passed %4d  failed %4d  skipped %4d%n", "TOTAL", passed, failed, skipped));
        reports.forEach(r -> r.failures().forEach(f -> out.append("FAIL ").append(f).append('\n')));
        System.out.println(out);
        assertThat(reports).isNotEmpty();
        assertThat(failed).as("failed cases:\n" + out).isZero();
        assertThat(passed).isGreaterThan(400);
    }
}
