package dev.pharos.store.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pharos.store.batch.LogsBatch;
import dev.pharos.store.schema.Retention;
import dev.pharos.store.schema.SchemaMigrator;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A batch whose insert returned survives SIGKILL of the process right after. */
class CrashDurabilityTest {

    static final int ROWS = 20_000;

    @TempDir
    Path dataDir;

    @Test
    void rowsOfAReturnedInsertSurviveKillDashNine() throws Exception {
        Process child = new ProcessBuilder(List.of(
                ProcessHandle.current().info().command().orElseThrow(),
                "--enable-native-access=ALL-UNNAMED",
                "-D" + ChdbLibrary.LIB_PROPERTY + "=" + System.getProperty(ChdbLibrary.LIB_PROPERTY),
                "-cp", System.getProperty("java.class.path"),
                InsertThenWait.class.getName(), dataDir.toString()))
                .redirectErrorStream(true).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream()))) {
            String line;
            boolean inserted = false;
            while ((line = out.readLine()) != null) {
                if (line.equals("INSERTED " + ROWS)) {
                    inserted = true;
                    break;
                }
            }
            assertThat(inserted).as("child reported its insert").isTrue();
            child.destroyForcibly(); // SIGKILL: no shutdown hook, no engine close
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(child.exitValue()).isEqualTo(137);
        }

        try (EmbeddedClickHouse engine = EmbeddedClickHouse.open(new EngineOptions(dataDir, 1L << 30, 1, "warning"))) {
            assertThat(engine.query("SELECT count(), uniqExact(Body) FROM otel.otel_logs", "TSV").text())
                    .isEqualTo(ROWS + "\t" + ROWS + "\n");
        }
    }

    /** Runs in the child JVM. */
    public static final class InsertThenWait {
        public static void main(String[] args) throws Exception {
            EmbeddedClickHouse engine = EmbeddedClickHouse.open(new EngineOptions(Path.of(args[0]), 1L << 30, 1, "warning"));
            new SchemaMigrator(engine, "otel", Retention.DEFAULT).migrate();
            LogsBatch b = new LogsBatch();
            for (int i = 0; i < ROWS; i++) {
                b.timestamp.add(System.currentTimeMillis() * 1_000_000L);
                b.traceId.add("");
                b.spanId.add("");
                b.traceFlags.add(0);
                b.severityText.add("INFO");
                b.severityNumber.add(9);
                b.serviceName.add("crash-test");
                b.body.add("row " + i);
                b.resourceSchemaUrl.add("");
                b.resourceAttributes.endRow();
                b.scopeSchemaUrl.add("");
                b.scopeName.add("");
                b.scopeVersion.add("");
                b.scopeAttributes.endRow();
                b.logAttributes.endRow();
                b.eventName.add("");
                b.tenant.add("default");
                b.dataset.add("default");
            }
            // Through the Null ingest table and the default dataset's view, as ingest writes.
            engine.insert("otel." + LogsBatch.TABLE, b.block(), null);
            System.out.println("INSERTED " + ROWS);
            System.out.flush();
            Thread.sleep(120_000);
        }
    }
}
