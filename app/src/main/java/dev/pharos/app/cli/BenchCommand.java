package dev.pharos.app.cli;

import dev.pharos.app.config.ByteSize;
import dev.pharos.bench.insert.InsertBenchmark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Run a benchmark. Figures go to stdout with the CPU model and core count; compare ratios from one run.",
        subcommands = {BenchCommand.Insert.class})
public final class BenchCommand implements Runnable {

    @Override
    public void run() {
        picocli.CommandLine.usage(this, System.out);
    }

    @Command(name = "insert", mixinStandardHelpOptions = true,
            description = "Insert synthetic Kubernetes log rows into otel_logs through each insert path "
                    + "(Native via /dev/shm file, Native via FIFO, RowBinary via file) and report rows/s including encoding.")
    public static final class Insert implements Callable<Integer> {

        @Option(names = "--rows", defaultValue = "1000000", description = "Rows per path and round (default ${DEFAULT-VALUE}).")
        int rows;

        @Option(names = "--batch", defaultValue = "100000", description = "Rows per insert (default ${DEFAULT-VALUE}).")
        int batch;

        @Option(names = "--rounds", defaultValue = "3", description = "Interleaved rounds; the median is reported (default ${DEFAULT-VALUE}).")
        int rounds;

        @Option(names = "--paths", split = ",", description = "Paths to measure (default: all of native-file, native-fifo, rowbinary-file).")
        List<String> paths;

        @Option(names = "--data", paramLabel = "DIR", description = "Engine data directory (default: a fresh temporary directory, deleted afterwards).")
        Path data;

        @Option(names = "--target", defaultValue = "otel_logs",
                description = "otel_logs (the real table, default) or null (same columns, Null engine: engine parsing cost only).")
        String target;

        @Option(names = "--memory-limit", defaultValue = "4GiB", description = "Engine memory cap (default ${DEFAULT-VALUE}).")
        String memoryLimit;

        @Override
        public Integer call() throws Exception {
            if (rows < 1 || batch < 1 || rounds < 1) {
                System.err.println("pharos: --rows, --batch and --rounds must be positive");
                return 2;
            }
            Path dir = data != null ? data : Files.createTempDirectory("pharos-bench");
            try {
                InsertBenchmark.run(new InsertBenchmark.Options(rows, batch, rounds,
                        paths == null ? InsertBenchmark.ALL_PATHS : paths, dir, ByteSize.parse(memoryLimit), target), System.out);
            } finally {
                if (data == null) {
                    deleteTree(dir);
                }
            }
            return 0;
        }

        private static void deleteTree(Path dir) throws java.io.IOException {
            try (var walk = Files.walk(dir)) {
                for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }
}
