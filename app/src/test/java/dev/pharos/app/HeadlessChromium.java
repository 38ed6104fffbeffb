package dev.pharos.app;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Playwright;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The system's Chromium (the Debian package ./pharos test installs) driven by Playwright, for the
 * UI tests. Playwright's own browser download goes to a host not reachable here, so it is skipped.
 */
final class HeadlessChromium implements AutoCloseable {

    /** Where the UI tests keep their screenshots (a test artifact). */
    static final Path SCREENSHOTS = Path.of("target", "screenshots");

    private final Playwright playwright;
    private final Browser browser;

    private HeadlessChromium(Playwright playwright, Browser browser) {
        this.playwright = playwright;
        this.browser = browser;
    }

    static HeadlessChromium launch() throws java.io.IOException {
        Files.createDirectories(SCREENSHOTS);
        Playwright playwright = Playwright.create(new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        try {
            return new HeadlessChromium(playwright,
                    playwright.chromium().launch(new BrowserType.LaunchOptions().setExecutablePath(executable()).setHeadless(true)));
        } catch (RuntimeException e) {
            playwright.close();
            throw e;
        }
    }

    Browser browser() {
        return browser;
    }

    static Path executable() {
        for (String candidate : new String[] {System.getProperty("pharos.chromium", ""), "/usr/bin/chromium", "/usr/bin/chromium-browser"}) {
            if (!candidate.isBlank() && Files.isExecutable(Path.of(candidate))) {
                return Path.of(candidate);
            }
        }
        throw new IllegalStateException("Chromium not found: run ./pharos test, which installs the Debian package 'chromium'");
    }

    @Override
    public void close() {
        try {
            browser.close();
        } finally {
            playwright.close();
        }
    }
}
