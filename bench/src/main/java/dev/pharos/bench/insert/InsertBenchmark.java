package dev.pharos.bench.insert;

import dev.pharos.bench.Machine;
import dev.pharos.store.embedded.EmbeddedClickHouse;
import dev.pharos.store.embedded.EngineOptions;
import dev.pharos.store.schema.Retention;
import dev.pharos.store.schema.SchemaMigrator;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Inserts the same synthetic log rows into {@code otel_logs} through each insert path, in
 * interleaved rounds (the machine is shared and noisy: compare ratios from one run), and
 * reports rows/s including Java-side encoding.
 */
public final class InsertBenchmark {

    /** @param target {@code otel_logs} (the real table) or {@code null} (same columns, Null engine: parsing only) */
    public record Options(int rows, int batchRows, int rounds, List<String> paths, Path dataDir, long engineMemoryBytes, String target) {}

    public record PathResult(String path, List<Double> rowsPerSecond, long bytesPerBatch) {
        public double median() {
            List<Double> sorted = rowsPerSecond.stream().sorted().toList();
            int n = sorted.size();
            return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
        }
    }

    public static final List<String> ALL_PATHS = List.of("native-file", "native-fifo", "rowbinary-file");

    private InsertBenchmark() {}

    public static List<PathResult> run(Options o, PrintStream out) throws Exception {
        out.printf("insert benchmark: %,d log rows per path into %s, batches of %,d, %d round(s), paths %s%n",
                o.rows(), o.target(), o.batchRows(), o.rounds(), o.paths());
        out.printf("machine: %s%n", Machine.describe());
        out.println("generating rows ...");
        SyntheticLogs.Rows rows = new SyntheticLogs().generate(o.rows());
        try (EmbeddedClickHouse engine = EmbeddedClickHouse.open(new EngineOptions(o.dataDir(), o.engineMemoryBytes(), 1, "warning"))) {
            new SchemaMigrator(engine, "bench", Retention.DEFAULT).migrate();
            String table = switch (o.target()) {
                case "otel_logs" -> "bench.otel_logs";
                case "null" -> {
                    engine.execute("CREATE TABLE IF NOT EXISTS bench.null_logs AS bench.otel_logs ENGINE = Null");
                    yield "bench.null_logs";
                }
                default -> throw new IllegalArgumentException("unknown target " + o.target() + "; choose otel_logs or null");
            };
            boolean countable = o.target().equals("otel_logs");
            Path spool = Files.createTempDirectory(Files.isWritable(Path.of("/dev/shm")) ? Path.of("/dev/shm") : o.dataDir(), "pharos-bench");
            Map<String, InsertPath> paths = new LinkedHashMap<>();
            for (String name : o.paths()) {
                paths.put(name, switch (name) {
                    case "native-file" -> new NativeFilePath();
                    case "native-fifo" -> new NativeFifoPath(spool);
                    case "rowbinary-file" -> new RowBinaryFilePath(spool);
                    default -> throw new IllegalArgumentException("unknown path " + name + "; choose from " + ALL_PATHS);
                });
            }
            Map<String, List<Double>> rates = new LinkedHashMap<>();
            for (int round = 1; round <= o.rounds(); round++) {
                for (InsertPath path : paths.values()) {
                    if (countable) {
                        engine.execute("TRUNCATE TABLE " + table);
                    }
                    System.gc();
                    long start = System.nanoTime();
                    for (int from = 0; from < o.rows(); from += o.batchRows()) {
                        path.insert(engine, table, rows, from, Math.min(o.rows(), from + o.batchRows()));
                    }
                    double seconds = (System.nanoTime() - start) / 1e9;
                    String count = countable ? engine.query("SELECT count() FROM " + table, "TSV").text().strip() : Long.toString(o.rows());
                    if (Long.parseLong(count) != o.rows()) {
                        throw new IllegalStateException(path.name() + " stored " + count + " rows instead of " + o.rows());
                    }
                    double rate = o.rows() / seconds;
                    rates.computeIfAbsent(path.name(), k -> new ArrayList<>()).add(rate);
                    double encodeSeconds = path.takeEncodeNanos() / 1e9;
                    out.printf("  round %d  %-15s %,12.0f rows/s  (%.2f s, of which Java encoding %.2f s; %,d bytes per batch; RSS %,d MiB)%n",
                            round, path.name(), rate, seconds, encodeSeconds, path.lastBatchBytes(), Machine.rssBytes(ProcessHandle.current().pid()) >> 20);
                }
            }
            List<PathResult> results = new ArrayList<>();
            for (Map.Entry<String, List<Double>> e : rates.entrySet()) {
                results.add(new PathResult(e.getKey(), e.getValue(), paths.get(e.getKey()).lastBatchBytes()));
            }
            double best = results.stream().mapToDouble(PathResult::median).max().orElse(1);
            out.println();
            out.printf("%-15s %15s %15s %10s%n", "path", "median rows/s", "rows/s/core", "vs best");
            int cores = Runtime.getRuntime().availableProcessors();
            for (PathResult r : results) {
                out.printf("%-15s %,15.0f %,15.0f %9.2fx%n", r.path(), r.median(), r.median() / cores, r.median() / best);
            }
            String onDisk = !countable ? "0 B\t0 B" : engine.query("SELECT formatReadableSize(sum(data_compressed_bytes)), formatReadableSize(sum(data_uncompressed_bytes)) "
                    + "FROM system.columns WHERE database = 'bench' AND table = 'otel_logs'", "TSV").text().strip();
            out.printf("otel_logs for %,d rows: %s compressed / %s uncompressed; process RSS %,d MiB, JVM heap used %,d MiB%n",
                    o.rows(), onDisk.split("\t")[0], onDisk.split("\t")[1], Machine.rssBytes(ProcessHandle.current().pid()) >> 20,
                    (Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()) >> 20);
            try (var files = Files.list(spool)) {
                for (Path p : (Iterable<Path>) files::iterator) {
                    Files.deleteIfExists(p);
                }
            }
            Files.deleteIfExists(spool);
            return results;
        }
    }
}
