package dev.pharos.app;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.Page;
import dev.pharos.access.Role;
import dev.pharos.access.Tenants;
import dev.pharos.access.TokenStore;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The UI behind tokens: the browser logs in with basic auth (token as password) and every view, live tail included, works. */
class WebUiAuthTest {

    @TempDir
    Path dir;

    @Test
    void theBrowserLogsInWithAReadToken() throws Exception {
        Path data = dir.resolve("data");
        TokenStore tokens = new TokenStore(data.toAbsolutePath());
        String agent = tokens.create("agent", Role.INGEST, Tenants.all(), null).token();
        String alice = tokens.create("alice", Role.READ, Tenants.all(), null).token();
        try (AllInOne server = AllInOne.start(TestServers.config(data, "tokens"));
             HeadlessChromium chromium = HeadlessChromium.launch()) {
            Browser browser = chromium.browser();
            SdkTraffic.send(server, "checkout", "checkout-7d9f", agent);
            SdkTraffic.awaitDrained(server);
            String url = "http://127.0.0.1:" + server.httpPort() + "/ui/#/logs?from=now-1h&to=now";

            // Without credentials, headless Chromium answers the basic-auth challenge by giving up.
            Page anonymous = browser.newPage();
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> anonymous.navigate(url))
                    .hasMessageContaining("ERR_INVALID_AUTH_CREDENTIALS");

            Page page = browser.newContext(new Browser.NewContextOptions().setHttpCredentials("alice", alice)
                    .setViewportSize(1400, 900)).newPage();
            page.navigate(url);
            assertThat(page.getByTestId("status")).containsText("23 of 23 records loaded");
            page.getByTestId("live").click();
            SdkTraffic.send(server, "checkout", "checkout-7d9f", agent);
            assertThat(page.getByTestId("log-row").first()).containsText("payment 2 failed",
                    new com.microsoft.playwright.assertions.LocatorAssertions.ContainsTextOptions().setTimeout(20_000));
            page.screenshot(new Page.ScreenshotOptions().setPath(HeadlessChromium.SCREENSHOTS.resolve("11-logs-logged-in-live.png")));
        }
    }
}
