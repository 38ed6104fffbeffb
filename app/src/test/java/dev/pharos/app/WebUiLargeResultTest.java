package dev.pharos.app;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.Page;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.logs.Logger;
import io.opentelemetry.api.logs.Severity;
import io.opentelemetry.exporter.otlp.http.logs.OtlpHttpLogRecordExporter;
import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import io.opentelemetry.sdk.logs.export.BatchLogRecordProcessor;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** 100,000 log records in the browser at once: the list stays virtual (a few dozen rows in the page) and scrolls to the last record. */
class WebUiLargeResultTest {

    static final int RECORDS = 100_000;

    @TempDir
    static Path dir;
    static AllInOne server;
    static HeadlessChromium chromium;
    static Browser browser;

    @BeforeAll
    static void start() throws Exception {
        server = TestServers.start(dir.resolve("data"));
        try (SdkLoggerProvider logging = SdkLoggerProvider.builder().setResource(SdkTraffic.resource("bulk", "bulk-0"))
                .addLogRecordProcessor(BatchLogRecordProcessor.builder(OtlpHttpLogRecordExporter.builder()
                        .setEndpoint("http://127.0.0.1:" + server.otlpHttpPort() + "/v1/logs").build())
                        .setMaxQueueSize(RECORDS).setMaxExportBatchSize(5000).setScheduleDelay(Duration.ofMillis(100)).build()).build()) {
            Logger logger = logging.get("bulk");
            for (int i = 0; i < RECORDS; i++) {
                logger.logRecordBuilder().setSeverity(i % 50 == 0 ? Severity.ERROR : Severity.INFO)
                        .setBody("record " + i + " of the bulk load").setAttribute(AttributeKey.longKey("seq"), (long) i).emit();
            }
            assertThat(logging.forceFlush().join(60, TimeUnit.SECONDS).isSuccess()).isTrue();
        }
        SdkTraffic.awaitDrained(server);
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

    @Test
    void aHundredThousandRecordsStayVirtualAndScroll() {
        Page page = browser.newPage(new Browser.NewPageOptions().setViewportSize(1400, 900));
        page.navigate("http://127.0.0.1:" + server.httpPort() + "/ui/#/logs?from=now-1h&to=now&limit=100000&order=newest");
        long start = System.nanoTime();
        assertThat(page.getByTestId("status")).containsText("100,000 of 100,000 records loaded",
                new com.microsoft.playwright.assertions.LocatorAssertions.ContainsTextOptions().setTimeout(120_000));
        System.out.printf("100,000 records searched, sent and shown in %d ms%n", Duration.ofNanos(System.nanoTime() - start).toMillis());
        int inDom = page.getByTestId("log-row").count();
        assertThat(inDom).isBetween(10, 120);
        page.getByTestId("log-list").evaluate("el => el.scrollTop = el.scrollHeight");
        assertThat(page.getByTestId("log-row").last()).containsText("record 0 of the bulk load");
        assertThat(page.getByTestId("log-row").count()).isBetween(10, 120);
        page.screenshot(new Page.ScreenshotOptions().setPath(HeadlessChromium.SCREENSHOTS.resolve("10-logs-100k-scrolled.png")));
    }
}
