package dev.pharos.app;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import dev.pharos.app.config.PharosConfig;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The web UI in headless Chromium (the Debian package, installed by ./pharos test): telemetry from
 * the OpenTelemetry SDK, then a user's path through logs, a trace, services and SQL. Screenshots of
 * each screen land in app/target/screenshots.
 */
class WebUiBrowserTest {

    static final Path SCREENSHOTS = HeadlessChromium.SCREENSHOTS;

    @TempDir
    static Path dir;
    static AllInOne server;
    static String traceId;
    static HeadlessChromium chromium;
    static Browser browser;

    @BeforeAll
    static void start() throws Exception {
        PharosConfig config = TestServers.config(dir.resolve("data"), "none");
        server = AllInOne.start(config);
        traceId = SdkTraffic.checkoutAndCart(server);
        chromium = HeadlessChromium.launch();
        browser = chromium.browser();
    }

    @AfterAll
    static void stop() {
        if (chromium != null) {
            chromium.close();
        }
        server.close();
    }

    Page open(String hash) {
        Page page = browser.newPage(new Browser.NewPageOptions().setViewportSize(1400, 900));
        page.navigate("http://127.0.0.1:" + server.httpPort() + "/" + hash);
        return page;
    }

    static void shot(Page page, String name) {
        page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve(name + ".png")).setFullPage(true));
    }

    @Test
    void searchLogsFilterOpenTraceAndSeeTheWaterfall() {
        Page page = open("");
        assertThat(page).hasURL(Pattern.compile(".*/ui/.*"));
        Locator rows = page.getByTestId("log-row");
        // The list is virtualised: only the rows in view are in the page.
        assertThat(page.getByTestId("status")).containsText("46 of 46 records loaded");
        assertThat(rows.first()).isVisible();
        shot(page, "1-logs");

        page.getByTestId("q").fill("refused");
        page.getByTestId("q").press("Enter");
        assertThat(rows).hasCount(6);

        page.getByTestId("filter-field").fill("pod");
        page.getByTestId("filter-value").fill("checkout-7d9f");
        page.getByTestId("filter-add").click();
        page.getByTestId("filter-field").fill("severity");
        page.getByTestId("filter-value").fill("ERROR");
        page.getByTestId("filter-value").press("Enter");
        assertThat(page.getByTestId("chip")).hasCount(2);
        assertThat(rows).hasCount(3);
        assertThat(rows.first()).containsText("Connection refused");
        assertThat(page).hasURL(Pattern.compile(".*filter=pod%3Dcheckout-7d9f.*"));
        assertThat(page.getByTestId("sql")).containsText("ResourceAttributes['k8s.pod.name'] = 'checkout-7d9f'");
        shot(page, "2-logs-filtered");

        rows.first().click();
        assertThat(page.getByTestId("trace-link")).hasText(traceId);
        shot(page, "3-log-expanded");
        page.getByTestId("trace-link").click();
        assertThat(page).hasURL(Pattern.compile(".*#/trace/" + traceId));
        Locator spans = page.getByTestId("span-row");
        assertThat(spans).hasCount(2);
        assertThat(spans.nth(1)).containsText("SELECT orders");
        spans.nth(1).click();
        assertThat(page.getByTestId("span-event")).containsText("java.net.ConnectException");
        shot(page, "4-trace-waterfall");
    }

    @Test
    void clickToFilterAndKeyboardOnly() {
        Page page = open("ui/#/logs?from=now-1h&to=now");
        assertThat(page.getByTestId("status")).containsText("46 of 46 records loaded");
        page.getByTestId("log-list").focus();
        page.keyboard().press("j");
        page.keyboard().press("Enter");
        Locator podValue = page.locator("[data-filter='resource.k8s.pod.name=cart-1'], [data-filter='resource.k8s.pod.name=checkout-7d9f']").first();
        String filter = podValue.getAttribute("data-filter");
        podValue.focus();
        page.keyboard().press("Enter");
        assertThat(page.getByTestId("chip")).hasText(filter + "×");
        assertThat(page.getByTestId("log-row")).hasCount(23);
        page.locator("#theme").click();
        assertThat(page.locator("html")).hasAttribute("data-theme", Pattern.compile("dark|light"));
        shot(page, "5-logs-theme-switched");
    }

    @Test
    void brushingTheHistogramZoomsTheWindow() {
        Page page = open("ui/#/logs?from=now-1h&to=now");
        assertThat(page.getByTestId("status")).containsText("46 of 46 records loaded");
        var box = page.getByTestId("histogram").boundingBox();
        page.mouse().move(box.x + box.width * 0.5, box.y + box.height / 2);
        page.mouse().down();
        page.mouse().move(box.x + box.width * 0.999, box.y + box.height / 2, new com.microsoft.playwright.Mouse.MoveOptions().setSteps(5));
        page.mouse().up();
        assertThat(page.getByTestId("from")).hasValue(Pattern.compile("\\d{4}-\\d\\d-\\d\\dT.*Z"));
        assertThat(page.getByTestId("range")).hasValue("custom");
        assertThat(page).hasURL(Pattern.compile(".*from=\\d{4}-.*"));
        assertThat(page.getByTestId("status")).containsText("46 of 46 records loaded");
    }

    @Test
    void tracesServicesAndSql() {
        Page page = open("ui/#/traces?from=now-1h&to=now&status=error&service=checkout");
        assertThat(page.getByTestId("trace-results").locator("tbody tr")).hasCount(1);
        shot(page, "6-trace-search");

        page.navigate("http://127.0.0.1:" + server.httpPort() + "/ui/#/services?from=now-1h&to=now");
        assertThat(page.getByTestId("services").locator("tbody tr")).hasCount(2);
        assertThat(page.getByTestId("services")).containsText("checkout");
        shot(page, "7-services");

        page.navigate("http://127.0.0.1:" + server.httpPort() + "/ui/#/sql");
        page.getByTestId("sql-input").fill("SELECT ServiceName, count() AS n FROM otel.otel_logs GROUP BY ServiceName ORDER BY ServiceName");
        page.getByTestId("sql-run").click();
        Locator result = page.getByTestId("sql-result");
        assertThat(result.locator("tbody tr")).hasCount(2);
        assertThat(result.locator("tbody tr").first()).containsText("cart");
        assertThat(result.locator("tbody tr").first()).containsText("23");
        shot(page, "8-sql");
        page.getByTestId("sql-input").fill("DROP TABLE otel.otel_logs");
        page.getByTestId("sql-input").press("Control+Enter");
        assertThat(page.getByTestId("sql-error")).containsText("only read queries");
        shot(page, "9-sql-refused");
        assertThat(server.pipeline()).isNotNull();
    }
}
