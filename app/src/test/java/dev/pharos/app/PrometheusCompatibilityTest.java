package dev.pharos.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real Debian Prometheus scrapes itself and a node exporter every second and remote-writes to
 * Pharos; then the same PromQL (instant and range, a spread of functions and operators) is asked
 * of both and the answers compared series by series, sample by sample. promtool then talks to
 * Pharos as to a Prometheus, and a rule file promtool accepts evaluates in Pharos.
 */
class PrometheusCompatibilityTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> QUERIES = List.of(
            "up",
            "prometheus_http_requests_total",
            "rate(prometheus_http_requests_total[5s])",
            "irate(prometheus_http_requests_total[5s])",
            "increase(prometheus_tsdb_head_samples_appended_total[10s])",
            "sum by (job, instance) (rate(process_cpu_seconds_total[10s]))",
            "histogram_quantile(0.9, sum by (le) (rate(prometheus_http_request_duration_seconds_bucket[10s])))",
            "node_memory_MemAvailable_bytes / node_memory_MemTotal_bytes",
            "avg by (mode) (rate(node_cpu_seconds_total[5s]))",
            "topk(3, go_goroutines)",
            "count by (job) (up)",
            "avg_over_time(go_goroutines[10s])",
            "max_over_time(scrape_duration_seconds[10s])",
            "quantile_over_time(0.5, scrape_samples_scraped[10s])",
            "delta(go_memstats_heap_alloc_bytes[10s])",
            "deriv(process_resident_memory_bytes[10s])",
            "changes(go_memstats_heap_alloc_bytes[10s])",
            "resets(node_cpu_seconds_total[10s])",
            "label_replace(up, \"host\", \"$1\", \"instance\", \"(.*):.*\")",
            "sum by (job) (up) / ignoring (job) group_left count(up)",
            "predict_linear(process_resident_memory_bytes[10s], 60)",
            "stddev_over_time(go_goroutines[10s])",
            "sum without (instance) (rate(prometheus_http_requests_total[5s])) > 0",
            "absent(nonexistent_metric)",
            "go_goroutines - (go_goroutines offset 5s)",
            "rate(prometheus_http_requests_total[10s:2s])",
            "clamp_min(node_load1, 0.5)",
            "timestamp(up)",
            "count_values(\"v\", up)",
            "bottomk(2, sum by (handler) (prometheus_http_requests_total))");

    /** Rules whose outcome is stable over the run: both systems must reach the same alerts. */
    static final String RULES = """
            groups:
              - name: compat
                interval: 1s
                rules:
                  - alert: TargetUp
                    expr: up == 1
                    for: 3s
                    labels: {severity: info}
                    annotations: {summary: "{{ $labels.instance }} is up ({{ $value }})"}
                  - alert: ManySeries
                    expr: prometheus_tsdb_head_series > 10
                  - alert: TargetDown
                    expr: up == 0
            """;

    @TempDir
    static Path dir;
    static AllInOne pharos;
    static PrometheusPeer node;
    static PrometheusPeer prometheus;
    static long evalTimeMs;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/prometheus")), "Debian prometheus not installed (./pharos test installs it)");
        // One rule file, evaluated by both.
        Path rules = Files.createDirectories(dir.resolve("rules"));
        Files.writeString(rules.resolve("compat.yml"), RULES);
        dev.pharos.app.config.PharosConfig base = TestServers.config(dir.resolve("pharos"), "none");
        pharos = AllInOne.start(base.withAlerting(new dev.pharos.app.config.PharosConfig.Alerting(rules.toString(), "1s", List.of(), List.of(), null)));
        Files.createDirectories(dir.resolve("node"));
        Files.createDirectories(dir.resolve("prom"));
        node = PrometheusPeer.nodeExporter(dir.resolve("node"));
        prometheus = PrometheusPeer.prometheus(dir.resolve("prom"), List.of("127.0.0.1:" + node.port),
                "http://127.0.0.1:" + pharos.otlpHttpPort() + "/api/v1/write", rules.resolve("compat.yml").toString());
        // Prometheus remote-writes what it scrapes once its WAL reader is up, so Pharos's history starts
        // a little after Prometheus's. Every compared window (ranges up to 10 s, offsets, steps back to
        // 12 s) must start after Pharos's first sample; and Prometheus 2.42, the Debian reference,
        // extrapolates rate() at a series' first samples the pre-3.0 way, which such windows avoid too.
        long first = 0;
        for (int i = 0; i < 300 && first == 0; i++) {
            Thread.sleep(100);
            first = Long.parseLong(PrometheusPeer.HTTP.send(HttpRequest.newBuilder(URI.create(pharos() + "/api/sql?format=TSV&query="
                    + URLEncoder.encode("SELECT toUnixTimestamp64Milli(min(Timestamp)) FROM otel.prom_samples", StandardCharsets.UTF_8)))
                    .build(), HttpResponse.BodyHandlers.ofString()).body().strip());
        }
        assertThat(first).as("Pharos received nothing from Prometheus").isPositive();
        Thread.sleep(Math.max(0, first + 30_000 - System.currentTimeMillis()));
        evalTimeMs = awayFromScrapes(System.currentTimeMillis() - 4_000);
        SdkTraffic.eventually(() -> assertThat(value(pharos(), "count({__name__=~\".+\"})"))
                .isEqualTo(value(prometheus.url(), "count({__name__=~\".+\"})")));
    }

    /**
     * A time whose millisecond phase is far from every target's scrape phase. Prometheus aligns
     * scrape timestamps to the interval, so a window boundary could fall exactly on a sample, where
     * 2.x (closed ranges) and 3.x (left-open, what Pharos does) differ by design.
     */
    static long awayFromScrapes(long t) throws Exception {
        List<Long> phases = new ArrayList<>();
        for (JsonNode s : get(prometheus.url(), "/api/v1/query?query=timestamp(up)").get("result")) {
            phases.add(Math.round(s.get("value").get(1).asDouble() * 1000) % 1000);
        }
        long best = 0;
        long bestDistance = -1;
        for (long candidate = 0; candidate < 1000; candidate += 10) {
            long distance = Long.MAX_VALUE;
            for (long p : phases) {
                long d = Math.abs(candidate - p);
                distance = Math.min(distance, Math.min(d, 1000 - d));
            }
            if (distance > bestDistance) {
                bestDistance = distance;
                best = candidate;
            }
        }
        return t - t % 1000 + best;
    }

    @AfterAll
    static void stop() throws Exception {
        if (prometheus != null) {
            prometheus.close();
        }
        if (node != null) {
            node.close();
        }
        if (pharos != null) {
            pharos.close();
        }
    }

    static String pharos() {
        return "http://127.0.0.1:" + pharos.httpPort();
    }

    static JsonNode get(String base, String path) throws Exception {
        HttpResponse<String> r = PrometheusPeer.HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode n = JSON.readTree(r.body());
        assertThat(n.path("status").asText()).as(base + path + " -> " + r.body()).isEqualTo("success");
        return n.get("data");
    }

    static String instant(String q) {
        return "/api/v1/query?time=" + evalTimeMs / 1000.0 + "&query=" + URLEncoder.encode(q, StandardCharsets.UTF_8);
    }

    static String value(String base, String q) throws Exception {
        return get(base, instant(q)).get("result").get(0).get("value").get(1).asText();
    }

    /** Series (by their labels) to their points, "t=v" strings with values rounded to 10 significant digits. */
    static Map<String, List<String>> points(JsonNode data) {
        Map<String, List<String>> out = new TreeMap<>();
        for (JsonNode s : data.get("result")) {
            List<String> pts = new ArrayList<>();
            JsonNode values = s.has("values") ? s.get("values") : JSON.createArrayNode().add(s.get("value"));
            for (JsonNode p : values) {
                pts.add(p.get(0).asText() + "=" + rounded(p.get(1).asText()));
            }
            out.put(new TreeMap<>(JSON.convertValue(s.get("metric"), Map.class)).toString(), pts);
        }
        return out;
    }

    static String rounded(String v) {
        try {
            double d = Double.parseDouble(v);
            return Double.isFinite(d) ? new java.math.BigDecimal(d).round(new java.math.MathContext(10)).stripTrailingZeros().toPlainString() : v;
        } catch (NumberFormatException e) {
            return v;
        }
    }

    @Test
    void instantQueriesGiveWhatPrometheusGives() throws Exception {
        for (String q : QUERIES) {
            Map<String, List<String>> expected = points(get(prometheus.url(), instant(q)));
            assertThat(points(get(pharos(), instant(q)))).as(q).isEqualTo(expected);
        }
    }

    @Test
    void rangeQueriesGiveWhatPrometheusGives() throws Exception {
        int compared = 0;
        for (String q : QUERIES) {
            String path = "/api/v1/query_range?start=" + (evalTimeMs - 12_000) / 1000.0 + "&end=" + evalTimeMs / 1000.0 + "&step=2&query="
                    + URLEncoder.encode(q, StandardCharsets.UTF_8);
            Map<String, List<String>> expected = points(get(prometheus.url(), path));
            assertThat(points(get(pharos(), path))).as(q).isEqualTo(expected);
            compared += expected.size();
        }
        assertThat(compared).as("series compared").isGreaterThan(50);
    }

    @Test
    void seriesLabelsAndMetadataMatch() throws Exception {
        String series = "/api/v1/series?match[]=up&start=" + (evalTimeMs - 5000) / 1000.0 + "&end=" + evalTimeMs / 1000.0;
        assertThat(get(pharos(), series)).isEqualTo(get(prometheus.url(), series));
        assertThat(get(pharos(), "/api/v1/label/job/values")).isEqualTo(get(prometheus.url(), "/api/v1/label/job/values"));
        List<String> names = JSON.convertValue(get(pharos(), "/api/v1/labels"), List.class);
        assertThat(names).containsAll(JSON.convertValue(get(prometheus.url(), "/api/v1/labels"), List.class));
        JsonNode md = get(pharos(), "/api/v1/metadata?metric=prometheus_http_requests_total");
        assertThat(md.get("prometheus_http_requests_total").get(0).get("type").asText()).isEqualTo("counter");
    }

    /** Alert label sets and states, as a comparable set (activeAt and value differ by when each system evaluated). */
    static java.util.Set<String> alerts(String base) throws Exception {
        java.util.Set<String> out = new java.util.TreeSet<>();
        for (JsonNode a : get(base, "/api/v1/alerts").get("alerts")) {
            out.add(new TreeMap<>(JSON.convertValue(a.get("labels"), Map.class)) + " " + a.get("state").asText() + " "
                    + JSON.convertValue(a.get("annotations"), Map.class));
        }
        return out;
    }

    @Test
    void theSameRuleFileGivesTheSameAlertsAsPrometheus() throws Exception {
        assertThat(promtool("check", "rules", dir.resolve("rules").resolve("compat.yml").toString())).contains("SUCCESS");
        java.util.Set<String> expected = alerts(prometheus.url());
        assertThat(expected).hasSize(3); // TargetUp for both targets and ManySeries, all firing by now
        assertThat(alerts(pharos())).isEqualTo(expected);
        String firing = "count by (alertname, alertstate) (ALERTS)";
        assertThat(points(get(pharos(), instant(firing)))).isEqualTo(points(get(prometheus.url(), instant(firing))));
    }

    private static String promtool(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/promtool"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(String.join(" ", cmd) + "\n" + out).isZero();
        return out;
    }

    @Test
    void promtoolTalksToPharosAsToPrometheus() throws Exception {
        assertThat(promtool("query", "instant", pharos(), "up")).contains("up{").contains("=> 1 @");
        assertThat(promtool("query", "range", "--start=" + (evalTimeMs / 1000 - 10), "--end=" + evalTimeMs / 1000, "--step=2s", pharos(),
                "prometheus_http_requests_total")).contains("prometheus_http_requests_total").contains("handler=");
        assertThat(promtool("query", "series", "--match=up", pharos())).contains("__name__=\"up\"");
        assertThat(promtool("query", "labels", pharos(), "job")).contains("peers");
    }

    @Test
    void aRuleFilePromtoolAcceptsEvaluatesInPharos() throws Exception {
        Path rules = dir.resolve("rules.yml");
        List<String> exprs = List.of("sum by (job) (rate(prometheus_http_requests_total[5s]))", "up == 0",
                "histogram_quantile(0.99, sum by (le) (rate(prometheus_http_request_duration_seconds_bucket[10s]))) > 1",
                "node_memory_MemAvailable_bytes / node_memory_MemTotal_bytes < 0.1");
        Files.writeString(rules, """
                groups:
                  - name: pharos-compat
                    rules:
                      - record: job:prometheus_http_requests:rate5s
                        expr: %s
                      - alert: TargetDown
                        expr: %s
                        for: 1m
                        labels: {severity: page}
                        annotations: {summary: "{{ $labels.instance }} is down"}
                      - alert: SlowRequests
                        expr: %s
                      - alert: LowMemory
                        expr: %s
                """.formatted(exprs.stream().map(e -> "'" + e + "'").toArray()));
        assertThat(promtool("check", "rules", rules.toString())).contains("SUCCESS");
        for (String e : exprs) {
            Map<String, List<String>> expected = points(get(prometheus.url(), instant(e)));
            assertThat(points(get(pharos(), instant(e)))).as(e).isEqualTo(expected);
        }
    }
}
