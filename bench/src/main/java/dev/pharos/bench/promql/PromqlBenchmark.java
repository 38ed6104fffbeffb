package dev.pharos.bench.promql;

import dev.pharos.bench.Machine;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Pharos, Prometheus and VictoriaMetrics side by side on the same generated data, one after the
 * other on the same machine: remote-write ingest rate (wall clock and per CPU-second of the
 * system), bytes per sample on disk once settled, and the latency of dashboard range queries.
 */
public final class PromqlBenchmark {

    /** Typical dashboard panels over the whole window. */
    static final List<String> QUERIES = List.of(
            "sum by (job) (rate(http_requests_total[5m]))",
            "histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket[5m])))",
            "avg by (instance) (node_cpu_usage_ratio)",
            "topk(5, sum by (instance) (rate(http_requests_total{code=\"500\"}[5m])))",
            "count(app_gauge_1 > 0.5)");

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    /**
     * @param warmupPoints the first scrapes of every series, sent untimed before the timed ingest, the same for every
     *     system: a JVM that has just started spends a third of its CPU compiling (measured in Pharos's first seconds)
     * @param warmupRuns untimed rounds of every query before any is timed, the same for every system: the first runs
     *     after a restart pay for cold caches (and, in Pharos, a JIT that has not compiled the query path yet; measured:
     *     300-900 ms for the first runs, 10-15 runs to settle)
     */
    public record Options(Path dir, int series, int points, int warmupPoints, Duration interval, int senders, int perRequest, int warmupRuns,
                          int queryRuns, List<String> systems) {}

    private record Result(String system, double samplesPerSecond, double samplesPerCpuSecond, double bytesPerSample, long peakRss,
                          List<Double> queryMs) {}

    private final Options options;
    private final PrintStream out;

    public PromqlBenchmark(Options options, PrintStream out) {
        this.options = options;
        this.out = out;
    }

    public void run() throws Exception {
        SeriesSet set = new SeriesSet(options.series());
        long end = System.currentTimeMillis() / 60_000 * 60_000;
        long samples = (long) set.size() * options.points();
        out.printf("pharos bench promql: %,d series x %d points every %ds = %,d samples (the first %d points of each untimed), %d senders, %s%n",
                set.size(), options.points(), options.interval().toSeconds(), samples, options.warmupPoints(), options.senders(), Machine.describe());
        out.println("encoding remote-write requests ...");
        List<byte[]> requests = set.requests(end, options.interval().toMillis(), options.points(), options.perRequest());
        List<Result> results = new ArrayList<>();
        for (String system : options.systems()) {
            out.println("== " + system);
            try (Peer peer = start(system)) {
                results.add(measure(peer, requests, samples, end));
            }
        }
        out.println();
        out.printf("%-16s %14s %16s %13s %10s%n", "system", "samples/s", "samples/CPU-s", "bytes/sample", "peak RSS (ingest)");
        for (Result r : results) {
            out.printf("%-16s %,14.0f %,16.0f %13.2f %7d MiB%n", r.system(), r.samplesPerSecond(), r.samplesPerCpuSecond(),
                    r.bytesPerSample(), r.peakRss() >> 20);
        }
        out.println();
        out.printf("%-90s%s%n", "range query over " + options.points() * options.interval().toSeconds() / 3600.0 + " h, step 60s (median of "
                + options.queryRuns() + " after " + options.warmupRuns() + " untimed rounds of all, ms)", String.join("", results.stream().map(r -> String.format("%16s", r.system())).toList()));
        for (int q = 0; q < QUERIES.size(); q++) {
            StringBuilder line = new StringBuilder(String.format("%-90s", QUERIES.get(q)));
            for (Result r : results) {
                line.append(String.format("%16.1f", r.queryMs().get(q)));
            }
            out.println(line);
        }
    }

    private Peer start(String system) throws Exception {
        return switch (system) {
            case "pharos" -> new PharosPeer(options.dir());
            case "prometheus" -> ExternalPeer.prometheus(options.dir());
            case "victoriametrics" -> ExternalPeer.victoriaMetrics(options.dir());
            default -> throw new IllegalArgumentException("unknown system '" + system + "': use pharos, prometheus, victoriametrics");
        };
    }

    private Result measure(Peer peer, List<byte[]> requests, long samples, long end) throws Exception {
        // Requests come scrape by scrape in time order: the warm-up is the oldest scrapes, so the timed part follows in order.
        int perScrape = requests.size() / options.points();
        int warmupRequests = perScrape * options.warmupPoints();
        send(peer, requests.subList(0, warmupRequests), perScrape);
        long timedSamples = samples / options.points() * (options.points() - options.warmupPoints());
        Duration cpuBefore = peer.cpuTime();
        long start = System.nanoTime();
        send(peer, requests.subList(warmupRequests, requests.size()), perScrape);
        double seconds = (System.nanoTime() - start) / 1e9;
        double cpu = (peer.cpuTime().toNanos() - cpuBefore.toNanos()) / 1e9;
        out.printf("  ingest: %,d samples untimed, then %,d in %.1f s wall, %.1f CPU-s%n", samples - timedSamples, timedSamples, seconds, cpu);
        long rss = peer.peakRssBytes();
        peer.settle();
        long bytes = peer.diskBytes();
        List<Double> latencies = new ArrayList<>();
        long from = end - (options.points() - 1L) * options.interval().toMillis();
        // Every query's untimed runs first, round after round, so the first timed query is not the only one a
        // restarted server has never run (its caches cold, in Pharos its evaluation not compiled by the JIT yet).
        for (int i = 0; i < options.warmupRuns(); i++) {
            for (String q : QUERIES) {
                query(peer, q, from, end);
            }
        }
        for (String q : QUERIES) {
            double[] ms = new double[options.queryRuns()];
            String answer = "";
            for (int i = 0; i < ms.length; i++) {
                long t0 = System.nanoTime();
                answer = query(peer, q, from, end);
                ms[i] = (System.nanoTime() - t0) / 1e6;
            }
            Arrays.sort(ms);
            latencies.add(ms[ms.length / 2]);
            out.printf("  %-88s %8.1f ms, %d series%n", q, ms[ms.length / 2], answer.split("\"metric\"", -1).length - 1);
        }
        return new Result(peer.name(), timedSamples / seconds, cpu > 0 ? timedSamples / cpu : 0, bytes / (double) samples, rss, latencies);
    }

    /**
     * Each sender owns a fixed share of the requests of every scrape, so every series is written by
     * one sender in time order, as a Prometheus shard writes it (the TSDB refuses out-of-order samples).
     */
    private void send(Peer peer, List<byte[]> requests, int perScrape) throws Exception {
        int senders = options.senders();
        AtomicLong failures = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(senders);
        List<Future<?>> done = new ArrayList<>();
        for (int s = 0; s < senders; s++) {
            int sender = s;
            done.add(pool.submit(() -> {
                for (int i = 0; i < requests.size(); i++) {
                    if ((i % perScrape) % senders != sender) {
                        continue;
                    }
                    HttpRequest req = HttpRequest.newBuilder(URI.create(peer.writeUrl())).header("Content-Type", "application/x-protobuf")
                            .header("Content-Encoding", "snappy").header("X-Prometheus-Remote-Write-Version", "0.1.0")
                            .POST(HttpRequest.BodyPublishers.ofByteArray(requests.get(i))).build();
                    for (int attempt = 0; ; attempt++) {
                        HttpResponse<String> r = HTTP.send(req, HttpResponse.BodyHandlers.ofString());
                        if (r.statusCode() / 100 == 2) {
                            break;
                        }
                        if (r.statusCode() / 100 != 5 && r.statusCode() != 429 || attempt > 50) {
                            if (failures.incrementAndGet() < 5) {
                                out.println("  " + peer.name() + " refused a request: " + r.statusCode() + " " + r.body());
                            }
                            break;
                        }
                        Thread.sleep(100);
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
        pool.shutdown();
        if (failures.get() > 0) {
            out.println("  " + failures.get() + " request(s) refused by " + peer.name());
        }
    }

    private String query(Peer peer, String q, long startMs, long endMs) throws Exception {
        String url = peer.queryUrl() + "/api/v1/query_range?query=" + URLEncoder.encode(q, StandardCharsets.UTF_8) + "&start="
                + startMs / 1000 + "&end=" + endMs / 1000 + "&step=60";
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofMinutes(2)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException(peer.name() + " failed " + q + ": " + r.statusCode() + " " + r.body());
        }
        return r.body();
    }
}
