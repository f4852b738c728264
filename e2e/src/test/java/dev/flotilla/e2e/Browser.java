package dev.flotilla.e2e;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.function.Function;
import java.util.function.Supplier;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Headless Chromium driven through Selenium: Debian's {@code chromium} and {@code chromedriver}
 * (installed by {@code .ci/run}), never a downloaded browser. A page opened with {@link #open} is
 * marked, so that a test can tell it updated itself from it having been loaded again.
 */
final class Browser implements AutoCloseable {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");

    private final WebDriver driver;
    private final String base;

    private Browser(WebDriver driver, String base) {
        this.driver = driver;
        this.base = base;
    }

    /**
     * A browser for the coordinator at {@code base}. Without Chromium the test is skipped, except in
     * CI, where {@code .ci/run} installs it and its absence is a failure.
     */
    static Browser start(String base) {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            String missing =
                    "Debian's chromium and chromium-driver are not installed (" + CHROMIUM + ", " + CHROMEDRIVER + ")";
            if (System.getenv("CI") != null) {
                fail(missing + "; .ci/run installs them");
            }
            Assumptions.abort(missing);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        // as root, in a sandbox without a network: no sandbox of its own, nothing fetched in the background
        options.addArguments(
                "--headless=new",
                "--user-data-dir=" + profile(),
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--window-size=1440,1000");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .build();
        return new Browser(new ChromeDriver(service, options), base);
    }

    /** A new empty profile for one browser, under target/ (DESIGN §9). */
    private static String profile() {
        try {
            Files.createDirectories(Path.of("target"));
            return Files.createTempDirectory(Path.of("target"), "chromium-")
                    .toAbsolutePath()
                    .toString();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make a browser profile", e);
        }
    }

    /**
     * Logs in with {@code token} on the login page a page of the dashboard sends an unknown browser to,
     * and waits until it is back on the dashboard; {@code screenshot} names a picture of the login page,
     * null for none.
     */
    void login(String token, String screenshot) throws Exception {
        driver.get(base + "/");
        until(Duration.ofSeconds(20), d -> d.getCurrentUrl().contains("/ui/login"));
        if (screenshot != null) {
            screenshot(screenshot);
        }
        driver.findElement(By.cssSelector("#token")).sendKeys(token);
        driver.findElement(By.cssSelector("#login")).click();
        until(Duration.ofSeconds(20), d -> !d.getCurrentUrl().contains("/ui/login"));
    }

    /** Loads a page of the coordinator, marks it, and waits until its live updates are connected. */
    void open(String path) {
        driver.get(base + path);
        ((JavascriptExecutor) driver).executeScript("window.flotillaLoadedOnce = true;");
        until(Duration.ofSeconds(20), d -> classOf("#live-status").contains("live-on"));
    }

    /** Whether the page {@link #open} loaded is still the one shown (it updated itself, was never reloaded). */
    boolean notReloaded() {
        return Boolean.TRUE.equals(
                ((JavascriptExecutor) driver).executeScript("return window.flotillaLoadedOnce === true;"));
    }

    String text(String css) {
        return fresh(() -> driver.findElement(By.cssSelector(css)).getText().strip());
    }

    String classOf(String css) {
        String value = attribute(css, "class");
        return value == null ? "" : value;
    }

    String attribute(String css, String name) {
        return fresh(() -> driver.findElement(By.cssSelector(css)).getAttribute(name));
    }

    /**
     * Reads the page, again when htmx replaced the element between finding and reading it (a live
     * update landing at that moment).
     */
    private <T> T fresh(Supplier<T> read) {
        for (int attempt = 1; ; attempt++) {
            try {
                return read.get();
            } catch (StaleElementReferenceException e) {
                if (attempt == 5) {
                    throw e;
                }
            }
        }
    }

    boolean present(String css) {
        return !driver.findElements(By.cssSelector(css)).isEmpty();
    }

    void click(String css) {
        fresh(() -> {
            driver.findElement(By.cssSelector(css)).click();
            return null;
        });
    }

    /** Waits until the condition holds on the page, as it updates (elements replaced meanwhile are looked up again). */
    void until(Duration timeout, Function<WebDriver, Boolean> condition) {
        new WebDriverWait(driver, timeout)
                .pollingEvery(Duration.ofMillis(200))
                .ignoring(StaleElementReferenceException.class)
                .until(condition);
    }

    /** Saves what the page shows as {@code target/screenshots/NAME.png}. */
    void screenshot(String name) throws Exception {
        Files.createDirectories(SCREENSHOTS);
        Path shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(shot, SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }

    @Override
    public void close() {
        driver.quit();
    }
}
