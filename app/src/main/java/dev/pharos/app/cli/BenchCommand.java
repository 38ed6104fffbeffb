package dev.pharos.app.cli;

import dev.pharos.app.config.ByteSize;
import dev.pharos.app.config.DurationText;
import dev.pharos.bench.ingest.IngestBenchmark;
import dev.pharos.bench.insert.InsertBenchmark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Run a benchmark. Figures go to stdout with the CPU model and core count; compare ratios from one run.",
        subcommands = {BenchCommand.Insert.class, BenchCommand.Ingest.class, BenchCommand.Query.class, BenchCommand.Promql.class,
            BenchCommand.Agent.class})
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

        static void deleteTree(Path dir) throws java.io.IOException {
            try (var walk = Files.walk(dir)) {
                for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    @Command(name = "ingest", mixinStandardHelpOptions = true,
            description = {"Start a Pharos server in its own process, send it realistic OTLP traces (~100 spans each) or logs, and report",
                "records/s written, Pharos CPU per million records and per core, ack and end-to-end latency and peak RSS;",
                "then check that every acknowledged record is in the table (or, with --target null, that the engine took it)."})
    public static final class Ingest implements Callable<Integer> {

        @Option(names = "--signal", defaultValue = "traces", description = "traces or logs (default ${DEFAULT-VALUE}).")
        String signal;

        @Option(names = "--target", defaultValue = "tables",
                description = "tables (the real tables, default) or null (Null-engine copies: receiver and pipeline cost without the MergeTree write).")
        String target;

        @Option(names = "--transport", defaultValue = "grpc", description = "grpc or http (OTLP/HTTP protobuf) (default ${DEFAULT-VALUE}).")
        String transport;

        @Option(names = "--in-flight", defaultValue = "8", description = "Requests in flight at once (default ${DEFAULT-VALUE}).")
        int inFlight;

        @Option(names = "--rate", defaultValue = "0", description = "Records per second to offer; 0 = as fast as accepted (default).")
        double rate;

        @Option(names = "--duration", defaultValue = "60s", description = "Measured time (default ${DEFAULT-VALUE}).")
        String duration;

        @Option(names = "--warmup", defaultValue = "60s",
                description = "Load before measuring (default ${DEFAULT-VALUE}): the JIT still compiles Armeria's and Netty's large methods a minute in.")
        String warmup;

        @Option(names = "--records-per-request", defaultValue = "1000", description = "Spans or log records per request (default ${DEFAULT-VALUE}).")
        int recordsPerRequest;

        @Option(names = "--data", paramLabel = "DIR", description = "Server data directory (default: a fresh temporary directory, deleted afterwards).")
        Path data;

        @Option(names = "--memory-limit", defaultValue = "4GiB", description = "Engine memory cap of the server (default ${DEFAULT-VALUE}).")
        String memoryLimit;

        @Option(names = "--batch-rows", defaultValue = "15000", description = "The server's ingest.batchRows (default ${DEFAULT-VALUE}, as in pharos.yaml).")
        int batchRows;

        @Option(names = "--disk-buffer", paramLabel = "FSYNC",
                description = "Run the server with ingest.diskBuffer on and this fsync policy: always, interval or never (default: off).")
        String diskBuffer;

        @Option(names = "--redaction", paramLabel = "MODE",
                description = "The server's redaction.mode: mask (its default), hash, drop or off; compare runs to see what redaction costs.")
        String redaction;

        @Override
        public Integer call() throws Exception {
            if (redaction != null && !redaction.matches("mask|hash|drop|off")) {
                System.err.println("pharos: --redaction must be mask, hash, drop or off");
                return 2;
            }
            if (diskBuffer != null && !diskBuffer.matches("always|interval|never")) {
                System.err.println("pharos: --disk-buffer must be always, interval or never");
                return 2;
            }
            if (!signal.equals("traces") && !signal.equals("logs")) {
                System.err.println("pharos: --signal must be traces or logs");
                return 2;
            }
            if (!target.equals("tables") && !target.equals("null")) {
                System.err.println("pharos: --target must be tables or null");
                return 2;
            }
            if (inFlight < 1 || recordsPerRequest < 1 || batchRows < 1 || rate < 0) {
                System.err.println("pharos: --in-flight, --records-per-request and --batch-rows must be positive, --rate not negative");
                return 2;
            }
            Path parent = Files.createTempDirectory("pharos-bench-ingest");
            Path dir = data != null ? data : parent.resolve("data");
            try {
                IngestBenchmark.run(new IngestBenchmark.Options(signal, target, IngestBenchmark.transport(transport), inFlight, rate,
                        DurationText.parse(warmup), DurationText.parse(duration), recordsPerRequest, dir, memoryLimit, batchRows, diskBuffer, redaction),
                        System.out);
            } catch (IllegalArgumentException e) {
                System.err.println("pharos: " + e.getMessage());
                return 2;
            } finally {
                Insert.deleteTree(parent);
            }
            return 0;
        }
    }

    @Command(name = "query", mixinStandardHelpOptions = true,
            description = {"Log search latency over days of realistic logs (generated inside the engine): pod + 15 min,",
                "namespace + 1 h + severity, a full-text needle over 24 h, a trace id over 7 days; p50 and p95 of each.",
                "Generating 20M rows takes a few minutes; pass --data DIR to keep and reuse them."})
    public static final class Query implements Callable<Integer> {

        @Option(names = "--rows", defaultValue = "20000000", description = "Log rows to generate (default ${DEFAULT-VALUE}).")
        long rows;

        @Option(names = "--pods", defaultValue = "200", description = "Pods the rows come from (default ${DEFAULT-VALUE}).")
        int pods;

        @Option(names = "--days", defaultValue = "7", description = "Days the rows span, ending now (default ${DEFAULT-VALUE}).")
        int days;

        @Option(names = "--runs", defaultValue = "20", description = "Measured searches of each kind, after 2 warm-up ones (default ${DEFAULT-VALUE}).")
        int runs;

        @Option(names = "--data", paramLabel = "DIR", description = "Engine data directory, reused when it holds the same data (default: a temporary directory, deleted afterwards).")
        Path data;

        @Option(names = "--memory-limit", defaultValue = "4GiB", description = "Engine memory cap (default ${DEFAULT-VALUE}).")
        String memoryLimit;

        @Override
        public Integer call() throws Exception {
            if (rows < 1000 || pods < 1 || days < 1 || runs < 1) {
                System.err.println("pharos: --rows must be at least 1000; --pods, --days and --runs positive");
                return 2;
            }
            Path dir = data != null ? data : Files.createTempDirectory("pharos-bench");
            try {
                dev.pharos.bench.query.QueryBenchmark.run(new dev.pharos.bench.query.QueryBenchmark.Options(rows, pods, days, runs, dir,
                        ByteSize.parse(memoryLimit)), System.out);
            } finally {
                if (data == null) {
                    Insert.deleteTree(dir);
                }
            }
            return 0;
        }
    }

    @Command(name = "promql", mixinStandardHelpOptions = true,
            description = {"Pharos, Prometheus and VictoriaMetrics (Debian packages) side by side on the same generated scrape data:",
                "remote-write ingest samples/s (wall and per CPU-second of each system), bytes per sample on disk once",
                "settled, and the median latency of dashboard range queries over the whole window."})
    public static final class Promql implements Callable<Integer> {

        @Option(names = "--series", defaultValue = "10000", description = "Series (default ${DEFAULT-VALUE}).")
        int series;

        @Option(names = "--points", defaultValue = "480", description = "Samples per series (default ${DEFAULT-VALUE}: 2 h at 15 s).")
        int points;

        @Option(names = "--warmup-points", defaultValue = "160",
                description = "The first points of every series, sent untimed before the timed ingest, the same for every system (default ${DEFAULT-VALUE}).")
        int warmupPoints;

        @Option(names = "--interval", defaultValue = "15s", description = "Scrape interval of the generated data (default ${DEFAULT-VALUE}).")
        String interval;

        @Option(names = "--senders", defaultValue = "4", description = "Concurrent remote-write connections (default ${DEFAULT-VALUE}).")
        int senders;

        @Option(names = "--per-request", defaultValue = "2000", description = "Samples per remote-write request (default ${DEFAULT-VALUE}, Prometheus's max_samples_per_send).")
        int perRequest;

        @Option(names = "--runs", defaultValue = "5", description = "Runs of each query; the median is reported (default ${DEFAULT-VALUE}).")
        int runs;

        @Option(names = "--warmup-runs", defaultValue = "20",
                description = "Untimed rounds of every query before any is timed, the same for every system (default ${DEFAULT-VALUE}).")
        int warmupRuns;

        @Option(names = "--systems", split = ",", defaultValue = "pharos,prometheus,victoriametrics",
                description = "Which to run, in order (default ${DEFAULT-VALUE}).")
        java.util.List<String> systems;

        @Override
        public Integer call() throws Exception {
            if (series < 1 || points < 2 || warmupPoints < 0 || warmupPoints >= points || senders < 1 || perRequest < 1 || runs < 1 || warmupRuns < 0) {
                System.err.println("pharos: --series, --senders, --per-request and --runs must be positive, --warmup-runs at least 0"
                        + ", --points at least 2 and --warmup-points below --points");
                return 2;
            }
            for (String s : systems) {
                String binary = switch (s) {
                    case "prometheus" -> "/usr/bin/prometheus";
                    case "victoriametrics" -> "/usr/bin/victoria-metrics";
                    default -> null;
                };
                if (binary != null && !Files.isExecutable(Path.of(binary))) {
                    System.err.println("pharos: " + s + " is not installed; apt-get install " + (s.equals("victoriametrics") ? "victoria-metrics" : s)
                            + ", or leave it out with --systems");
                    return 2;
                }
            }
            Path dir = Files.createTempDirectory("pharos-bench-promql");
            try {
                new dev.pharos.bench.promql.PromqlBenchmark(new dev.pharos.bench.promql.PromqlBenchmark.Options(dir, series, points, warmupPoints,
                        DurationText.parse(interval), senders, perRequest, warmupRuns, runs, systems), System.out).run();
            } finally {
                Insert.deleteTree(dir);
            }
            return 0;
        }
    }

    @Command(name = "agent", mixinStandardHelpOptions = true,
            description = {"The node agent's footprint: a Pharos server in its own process as the gateway, `pharos agent` in another JVM",
                "(the launcher's options), and CRI log files written at each rate. Reports the agent's CPU (cores) and RSS per rate,",
                "and checks that otel_logs holds exactly the lines written."})
    public static final class Agent implements Callable<Integer> {

        @Option(names = "--rates", split = ",", defaultValue = "1000,10000", description = "Lines per second, one run each (default ${DEFAULT-VALUE}).")
        List<Integer> rates;

        @Option(names = "--duration", defaultValue = "30s", description = "Measured time per rate (default ${DEFAULT-VALUE}).")
        String duration;

        @Option(names = "--warmup", defaultValue = "10s", description = "Load before measuring, for the JIT (default ${DEFAULT-VALUE}).")
        String warmup;

        @Option(names = "--containers", defaultValue = "20", description = "Log files the lines are spread over (default ${DEFAULT-VALUE}).")
        int containers;

        @Option(names = "--memory-limit", defaultValue = "2GiB", description = "Engine memory cap of the server (default ${DEFAULT-VALUE}).")
        String memoryLimit;

        @Override
        public Integer call() throws Exception {
            if (rates.isEmpty() || rates.stream().anyMatch(r -> r < 1) || containers < 1) {
                System.err.println("pharos: --rates must be positive numbers and --containers positive");
                return 2;
            }
            Path dir = Files.createTempDirectory("pharos-bench-agent");
            try {
                dev.pharos.bench.agent.AgentBenchmark.run(new dev.pharos.bench.agent.AgentBenchmark.Options(rates, DurationText.parse(warmup),
                        DurationText.parse(duration), containers, dir, memoryLimit), System.out);
            } finally {
                Insert.deleteTree(dir);
            }
            return 0;
        }
    }
}
