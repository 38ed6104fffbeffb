package dev.pharos.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pharos.app.config.PharosConfig;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rules in Pharos, notifications in the real Debian Alertmanager: a metric alert (PromQL over an
 * OTLP gauge) and a log alert (ERROR logs of a service) fire, arrive in Alertmanager (checked
 * through its API), and resolve when their condition ends; a recording rule's series and ALERTS
 * are queryable with PromQL; /api/v1/rules and /api/v1/alerts answer in Prometheus's format.
 */
class AlertingTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    static Process alertmanager;
    static int amPort;
    static AllInOne pharos;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/prometheus-alertmanager")), "Debian prometheus-alertmanager not installed");
        amPort = PrometheusPeer.freePort();
        Path am = Files.createDirectories(dir.resolve("am"));
        Files.writeString(am.resolve("am.yml"), """
                route: {receiver: sink, group_wait: 1s, group_interval: 1s}
                receivers: [{name: sink}]
                """);
        alertmanager = new ProcessBuilder("/usr/bin/prometheus-alertmanager", "--config.file=" + am.resolve("am.yml"),
                "--storage.path=" + am, "--web.listen-address=127.0.0.1:" + amPort, "--cluster.listen-address=")
                .redirectErrorStream(true).redirectOutput(am.resolve("alertmanager.log").toFile()).start();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            try {
                if (PrometheusPeer.HTTP.send(HttpRequest.newBuilder(URI.create(amUrl() + "/-/ready")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    break;
                }
            } catch (java.io.IOException starting) {
                assertThat(System.nanoTime()).as("Alertmanager did not come up; see " + am.resolve("alertmanager.log")).isLessThan(deadline);
            }
            Thread.sleep(100);
        }
        Path rules = Files.createDirectories(dir.resolve("rules"));
        Files.writeString(rules.resolve("shop.yml"), """
                groups:
                  - name: shop
                    interval: 1s
                    rules:
                      - record: job:queue_depth:max
                        expr: max by (job) (queue_depth)
                      - alert: QueueTooDeep
                        expr: job:queue_depth:max > 5
                        labels: {severity: page}
                        annotations: {summary: "queue of {{ $labels.job }} is {{ $value }}"}
                      - alert: CheckoutErrors
                        logs: {filter: ["service=checkout", "severity=ERROR"], over: 5s}
                        condition: "> 0"
                        annotations: {summary: "{{ $value }} errors in checkout"}
                """);
        PharosConfig base = TestServers.config(dir.resolve("data"), "none");
        pharos = AllInOne.start(base.withAlerting(new PharosConfig.Alerting(rules.toString(), "1s", List.of(amUrl()), List.of(), null)));
    }

    @AfterAll
    static void stop() throws Exception {
        if (pharos != null) {
            pharos.close();
        }
        if (alertmanager != null) {
            alertmanager.destroy();
            alertmanager.waitFor(10, TimeUnit.SECONDS);
        }
    }

    static String amUrl() {
        return "http://127.0.0.1:" + amPort;
    }

    static String pharosUrl() {
        return "http://127.0.0.1:" + pharos.httpPort();
    }

    static JsonNode get(String url) throws Exception {
        return JSON.readTree(PrometheusPeer.HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString()).body());
    }

    static List<String> alertNamesInAlertmanager() throws Exception {
        List<String> names = new ArrayList<>();
        for (JsonNode a : get(amUrl() + "/api/v2/alerts?active=true")) {
            if (a.path("status").path("state").asText().equals("active")) {
                names.add(a.get("labels").get("alertname").asText());
            }
        }
        return names;
    }

    static void gauge(long value) throws Exception {
        String json = """
                {"resourceMetrics":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"queue-worker"}}]},
                  "scopeMetrics":[{"metrics":[{"name":"queue.depth","gauge":{"dataPoints":[{"timeUnixNano":"%d","asInt":"%d"}]}}]}]}]}
                """.formatted(System.currentTimeMillis() * 1_000_000L, value);
        assertThat(PrometheusPeer.HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + pharos.otlpHttpPort() + "/v1/metrics"))
                .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
        SdkTraffic.awaitDrained(pharos);
    }

    static void eventually(Duration within, SdkTraffic.ThrowingRunnable check) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        while (true) {
            try {
                check.run();
                return;
            } catch (AssertionError e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(250);
            }
        }
    }

    @Test
    void aMetricAlertAndALogAlertFireInAlertmanagerAndResolve() throws Exception {
        gauge(7);
        SdkTraffic.send(pharos, "checkout", "checkout-1");
        SdkTraffic.awaitDrained(pharos);
        eventually(Duration.ofSeconds(30), () -> assertThat(alertNamesInAlertmanager()).contains("QueueTooDeep", "CheckoutErrors"));
        JsonNode queue = null;
        for (JsonNode a : get(amUrl() + "/api/v2/alerts")) {
            if (a.get("labels").get("alertname").asText().equals("QueueTooDeep")) {
                queue = a;
            }
        }
        assertThat(queue.get("labels").get("severity").asText()).isEqualTo("page");
        assertThat(queue.get("labels").get("job").asText()).isEqualTo("queue-worker");
        assertThat(queue.get("annotations").get("summary").asText()).isEqualTo("queue of queue-worker is 7");
        assertThat(queue.get("generatorURL").asText()).startsWith("http://127.0.0.1:");

        // Pharos's own views, in Prometheus's format and through PromQL.
        JsonNode alerts = get(pharosUrl() + "/api/v1/alerts");
        assertThat(alerts.get("status").asText()).isEqualTo("success");
        assertThat(alerts.get("data").get("alerts").findValuesAsText("state")).contains("firing");
        JsonNode rules = get(pharosUrl() + "/api/v1/rules");
        assertThat(rules.get("data").get("groups").get(0).get("rules")).hasSize(3);
        assertThat(rules.get("data").get("groups").get(0).get("rules").findValuesAsText("health")).containsOnly("ok");
        eventually(Duration.ofSeconds(10), () -> assertThat(get(pharosUrl() + "/api/v1/query?query="
                + URLEncoder.encode("ALERTS{alertname=\"QueueTooDeep\",alertstate=\"firing\"}", StandardCharsets.UTF_8))
                .get("data").get("result")).hasSize(1));
        assertThat(get(pharosUrl() + "/api/v1/query?query=job:queue_depth:max").get("data").get("result").get(0).get("value").get(1).asText())
                .isEqualTo("7");
        seenInTheBrowser();
        String metrics = PrometheusPeer.HTTP.send(HttpRequest.newBuilder(URI.create(pharosUrl() + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        assertThat(metrics).contains("prometheus_notifications_sent_total{alertmanager=\"" + amUrl())
                .contains("prometheus_rule_evaluations_total{rule_group=").contains("pharos_rule_group_last_evaluation_lag_seconds");

        // The conditions end: a shallow queue, and no new errors for longer than the log window.
        gauge(0);
        eventually(Duration.ofSeconds(40), () -> assertThat(alertNamesInAlertmanager()).doesNotContain("QueueTooDeep", "CheckoutErrors"));
        assertThat(get(pharosUrl() + "/api/v1/alerts").get("data").get("alerts")).isEmpty();
    }

    /** The Alerts page lists the firing alerts and every rule, and a PromQL rule links to its data in the PromQL view. */
    private static void seenInTheBrowser() throws Exception {
        try (HeadlessChromium chromium = HeadlessChromium.launch()) {
            com.microsoft.playwright.Page page = chromium.browser().newPage(new com.microsoft.playwright.Browser.NewPageOptions()
                    .setViewportSize(1400, 900));
            page.navigate(pharosUrl() + "/ui/#/alerts");
            com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat(page.getByTestId("alerts")).containsText("QueueTooDeep");
            // The log alert's 5 s window may have passed by now; its rule is listed either way.
            com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat(page.getByTestId("rules").last()).containsText("CheckoutErrors");
            com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat(page.getByTestId("alerts")).containsText("firing");
            com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat(page.getByTestId("rules")).containsText("job:queue_depth:max");
            page.screenshot(new com.microsoft.playwright.Page.ScreenshotOptions().setPath(HeadlessChromium.SCREENSHOTS.resolve("alerts.png"))
                    .setFullPage(true));
            page.getByText("max by (job) (queue_depth)").click();
            com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat(page.getByTestId("promql-result")).containsText("queue-worker");
            page.screenshot(new com.microsoft.playwright.Page.ScreenshotOptions().setPath(HeadlessChromium.SCREENSHOTS.resolve("promql.png"))
                    .setFullPage(true));
        }
    }

    @Test
    void badRuleFilesAreRefusedWithTheirPlace() throws Exception {
        Path bad = Files.createDirectories(dir.resolve("bad-rules"));
        Files.writeString(bad.resolve("broken.yml"), """
                groups:
                  - name: x
                    rules:
                      - alert: Broken
                        expr: sum(rate(x[5m])
                """);
        Process p = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), "-cp", System.getProperty("java.class.path"),
                "dev.pharos.app.cli.Main", "rules", "check", bad.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(1);
        assertThat(out).contains("broken.yml:5:").contains("could not parse expression");
    }
}
