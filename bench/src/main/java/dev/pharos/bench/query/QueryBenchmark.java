package dev.pharos.bench.query;

import dev.pharos.bench.Machine;
import dev.pharos.query.Params;
import dev.pharos.query.QueryOptions;
import dev.pharos.query.logs.LogPage;
import dev.pharos.query.logs.LogQuery;
import dev.pharos.query.logs.LogSearch;
import dev.pharos.store.embedded.EmbeddedClickHouse;
import dev.pharos.store.embedded.EngineOptions;
import dev.pharos.store.schema.Retention;
import dev.pharos.store.schema.SchemaMigrator;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.IntFunction;

/**
 * {@code pharos bench query}: the searches an engineer runs during an incident, through the same
 * {@link LogSearch} code the API uses (admission estimate, then the query), over days of realistic
 * logs generated inside the engine: 200 pods in 10 namespaces, 20 services, a severity mix,
 * templated bodies with variable parts, five records per trace, and a rare needle token.
 */
public final class QueryBenchmark {

    /** @param dataDir reused when it already holds data generated with the same rows, pods and days */
    public record Options(long rows, int pods, int days, int runs, Path dataDir, long engineMemoryBytes) {}

    /** Latencies of one kind of search. */
    public record Result(String name, List<Double> millis, double avgEstimatedRows) {
        double percentile(double p) {
            List<Double> s = millis.stream().sorted().toList();
            return s.get(Math.min(s.size() - 1, (int) Math.ceil(p * s.size()) - 1));
        }
    }

    static final String DB = "bench";
    static final String NEEDLE = "xq7needle";

    private QueryBenchmark() {}

    public static List<Result> run(Options o, PrintStream out) {
        out.printf("query benchmark: %,d log rows, %d pods, %d days, %d runs per search%n", o.rows(), o.pods(), o.days(), o.runs());
        out.printf("machine: %s%n", Machine.describe());
        try (EmbeddedClickHouse engine = EmbeddedClickHouse.open(new EngineOptions(o.dataDir(), o.engineMemoryBytes(), 2, "warning"))) {
            new SchemaMigrator(engine, DB, new Retention(0, 0, 0)).migrate();
            long end = LogData.ensure(engine, o, out);
            LogSearch search = new LogSearch(engine, QueryOptions.defaults(DB));
            Instant now = Instant.ofEpochSecond(end);
            Random random = new Random(42);
            long span = (long) o.days() * 86400;
            List<String> traceIds = LogData.sampleTraceIds(engine, o.runs() + 2);
            Map<String, IntFunction<Map<String, List<String>>>> searches = new java.util.LinkedHashMap<>();
            searches.put("pod + 15 min window, newest 100", i -> {
                long from = end - 900 - (long) (random.nextDouble() * (span - 900));
                return params("from", Long.toString(from), "to", Long.toString(from + 900), "filter", "pod=" + LogData.pod(random.nextInt(o.pods())));
            });
            searches.put("namespace + 1 h + severity=ERROR", i -> {
                long from = end - 3600 - (long) (random.nextDouble() * (span - 3600));
                return params("from", Long.toString(from), "to", Long.toString(from + 3600),
                        "filter", "namespace=" + LogData.namespace(random.nextInt(LogData.NAMESPACES)), "filter", "severity=ERROR");
            });
            searches.put("full-text needle over 24 h", i -> {
                long from = end - 86400 - (long) (random.nextDouble() * (span - 86400));
                return params("from", Long.toString(from), "to", Long.toString(from + 86400), "q", NEEDLE);
            });
            searches.put("trace id over 7 days", i -> params("from", Long.toString(end - span), "to", Long.toString(end),
                    "filter", "trace_id=" + traceIds.get(i % traceIds.size())));
            List<Result> results = new ArrayList<>();
            for (var s : searches.entrySet()) {
                List<Double> millis = new ArrayList<>();
                long estimated = 0;
                for (int i = -2; i < o.runs(); i++) {
                    LogQuery q = LogQuery.fromParams(new Params(s.getValue().apply(Math.max(0, i))), search.options(), now);
                    long t0 = System.nanoTime();
                    LogPage page = search.search(q);
                    double ms = (System.nanoTime() - t0) / 1e6;
                    if (i >= 0) {
                        millis.add(ms);
                        estimated += page.estimatedRows();
                    }
                }
                Result r = new Result(s.getKey(), millis, (double) estimated / o.runs());
                results.add(r);
                out.printf("  %-36s p50 %8.1f ms   p95 %8.1f ms   index estimate of rows to read %,12.0f%n", r.name(), r.percentile(0.5),
                        r.percentile(0.95), r.avgEstimatedRows());
            }
            return results;
        }
    }

    private static Map<String, List<String>> params(String... kv) {
        Map<String, List<String>> m = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.computeIfAbsent(kv[i], k -> new ArrayList<>()).add(kv[i + 1]);
        }
        return m;
    }

    static Duration elapsed(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }
}
