package dev.pharos.bench.agent;

import dev.pharos.agent.AgentJvm;
import dev.pharos.bench.Machine;
import dev.pharos.bench.ServerUnderTest;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * {@code pharos bench agent}: the node agent's footprint at fixed log rates. A Pharos server runs
 * in its own process (the gateway), the agent in another with the launcher's JVM options, and
 * this process plays the containers, writing CRI log files at each rate. For each rate: the
 * agent's CPU (cores used, from /proc over the measured window) and memory (resident set, sampled,
 * and its peak since start), then the rows in otel_logs are counted: they must equal the lines
 * written. LogHouse gives its OpenTelemetry Collector agents 0.2 CPU and 200 MiB for 1,000
 * lines/s and 1 CPU and 1 GiB for 10,000.
 */
public final class AgentBenchmark {

    /**
     * @param rates lines per second, one run each
     * @param containers log files the lines are spread over
     */
    public record Options(List<Integer> rates, Duration warmup, Duration duration, int containers, Path workDir, String memoryLimit) {}

    /** What one rate gave. */
    record Result(int rate, double linesPerSecond, double cores, long rssAverage, long rssMax, long rssPeakSinceStart, long rows,
                  long written, double catchUpSeconds) {}

    private AgentBenchmark() {}

    public static void run(Options o, PrintStream out) throws Exception {
        out.printf("pharos bench agent: CRI log lines at %s lines/s over %d containers; %d s warm-up, %d s measured per rate%n",
                o.rates(), o.containers(), o.warmup().toSeconds(), o.duration().toSeconds());
        String extra = System.getenv("PHAROS_AGENT_JAVA_OPTS");
        out.printf("machine: %s%nagent JVM: %s%s%n", Machine.describe(), String.join(" ", AgentJvm.OPTIONS),
                extra == null || extra.isBlank() ? "" : " " + extra.trim() + " (PHAROS_AGENT_JAVA_OPTS)");
        List<Result> results = new java.util.ArrayList<>();
        try (ServerUnderTest server = ServerUnderTest.start(o.workDir().resolve("server"), false, o.memoryLimit(), 15_000)) {
            String gateway = "http://127.0.0.1:" + server.otlpHttpPort();
            out.printf("gateway: a Pharos server, pid %d, at %s%n", server.pid(), gateway);
            for (int rate : o.rates()) {
                results.add(runRate(o, rate, server, gateway, out));
            }
        }
        out.printf("%n  %-10s %12s %10s %14s %14s %16s %s%n", "rate", "lines/s", "agent CPU", "RSS avg", "RSS max", "peak since start",
                "rows in otel_logs");
        for (Result r : results) {
            out.printf("  %-10s %,12.0f %9.3f %,11d MiB %,11d MiB %,13d MiB   %,d of %,d written%s%n", String.format("%,d/s", r.rate()),
                    r.linesPerSecond(), r.cores(), r.rssAverage() >> 20, r.rssMax() >> 20, r.rssPeakSinceStart() >> 20, r.rows(),
                    r.written(), r.rows() == r.written() ? "" : "  MISMATCH");
        }
        out.println("  (agent CPU in cores: CPU seconds / wall seconds over the measured window; LogHouse's budget: 0.2 cores and"
                + " 200 MiB at 1,000/s, 1 core and 1 GiB at 10,000/s)");
        for (Result r : results) {
            if (r.rows() != r.written()) {
                throw new IllegalStateException(r.rows() + " rows stored for " + r.written() + " lines written at " + r.rate() + "/s");
            }
        }
    }

    private static Result runRate(Options o, int rate, ServerUnderTest server, String gateway, PrintStream out) throws Exception {
        String namespace = "bench-" + rate;
        Path dir = Files.createDirectories(o.workDir().resolve(namespace));
        Path pods = Files.createDirectories(dir.resolve("pods"));
        try (CriLoad load = new CriLoad(pods, namespace, o.containers());
             AgentUnderTest agent = AgentUnderTest.start(pods, dir.resolve("checkpoints"), gateway, dir)) {
            out.printf("%n%,d lines/s: agent pid %d; warming up for %d s ...%n", rate, agent.pid(), o.warmup().toSeconds());
            load.run(rate, o.warmup());
            RssSampler rss = new RssSampler(agent);
            double cpu0 = agent.cpuTime().toNanos() / 1e9;
            long t0 = System.nanoTime();
            long written0 = load.written();
            rss.start();
            load.run(rate, o.duration());
            double seconds = (System.nanoTime() - t0) / 1e9;
            double cores = (agent.cpuTime().toNanos() / 1e9 - cpu0) / seconds;
            rss.stop();
            double linesPerSecond = (load.written() - written0) / seconds;
            long written = load.written();
            // Then wait until the gateway has stored every line.
            long end = System.nanoTime();
            String count = "SELECT count() FROM otel.otel_logs WHERE ResourceAttributes['k8s.namespace.name'] = '" + namespace + "'";
            long rows = 0;
            while (System.nanoTime() - end < 120_000_000_000L) {
                rows = Long.parseLong(server.sqlValue(count));
                if (rows >= written) {
                    break;
                }
                Thread.sleep(250);
            }
            double catchUp = (System.nanoTime() - end) / 1e9;
            long peak = agent.peakRssBytes();
            double malformed = agent.metric("pharos_agent_malformed_lines_total");
            double dropped = agent.metric("pharos_agent_dropped_records_total");
            int exit = agent.stop();
            out.printf("  agent: %.3f cores, RSS %,d MiB average, %,d MiB max while measured, %,d MiB peak since start; %,.0f lines/s;"
                            + " all stored %.1f s after the last write; malformed %.0f, dropped %.0f; exit status %d after SIGTERM%n",
                    cores, rss.average() >> 20, rss.max() >> 20, peak >> 20, linesPerSecond, catchUp, malformed, dropped, exit);
            return new Result(rate, linesPerSecond, cores, rss.average(), rss.max(), peak, rows, written, catchUp);
        }
    }

    /** Samples the agent's resident set every 250 ms. */
    private static final class RssSampler {
        private final AgentUnderTest agent;
        private final Thread thread;
        private volatile boolean running = true;
        private long sum;
        private long samples;
        private long max;

        RssSampler(AgentUnderTest agent) {
            this.agent = agent;
            this.thread = Thread.ofPlatform().daemon().unstarted(this::sample);
        }

        void start() {
            thread.start();
        }

        private void sample() {
            while (running) {
                long v = agent.rssBytes();
                synchronized (this) {
                    sum += v;
                    samples++;
                    max = Math.max(max, v);
                }
                try {
                    Thread.sleep(250);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        void stop() throws InterruptedException {
            running = false;
            thread.interrupt();
            thread.join();
        }

        synchronized long average() {
            return samples == 0 ? 0 : sum / samples;
        }

        synchronized long max() {
            return max;
        }
    }
}
