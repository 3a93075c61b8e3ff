package dev.pifleet.system;

import dev.pifleet.testing.FreePort;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * Debian's headless Chromium through its chromedriver, with no network beyond loopback. Keeps the console log
 * and saves numbered screenshots under target/screenshots.
 */
final class Browser implements AutoCloseable {

    private static final String CHROMIUM = "/usr/bin/chromium";
    private static final String CHROMEDRIVER = "/usr/bin/chromedriver";
    private static final Path SCREENSHOTS = Path.of("target", "screenshots").toAbsolutePath();

    private final ChromeDriver driver;
    private final Path profile;
    private final Path downloads;
    private int shots;

    Browser() {
        for (String file : List.of(CHROMIUM, CHROMEDRIVER)) {
            if (!Files.isExecutable(Path.of(file))) {
                throw new IllegalStateException(file + " is missing: apt-get install -y chromium chromium-driver");
            }
        }
        try {
            profile = Files.createTempDirectory("pifleet-chromium-");
            downloads = Files.createDirectories(Path.of("target", "downloads").toAbsolutePath());
            Files.createDirectories(SCREENSHOTS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions();
        // Explicit paths: otherwise Selenium Manager tries the internet for a driver.
        options.setBinary(CHROMIUM);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--window-size=1280,800", "--user-data-dir=" + profile,
                // The test's own self-signed certificate for the UI over HTTPS.
                "--ignore-certificate-errors",
                "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost");
        // Files the page saves (Download CSV) land in target/downloads without a prompt.
        options.setExperimentalOption("prefs", java.util.Map.of(
                "download.default_directory", downloads.toString(), "download.prompt_for_download", false));
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER))
                // The harness's range holds none of the local run's ports; Selenium's own pick might.
                .usingPort(FreePort.find())
                .build();
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(10));
    }

    /** Every URL this page has fetched (the app is one page, so this is every API call since it was loaded). */
    @SuppressWarnings("unchecked")
    List<String> fetchedUrls() {
        return (List<String>) script("return performance.getEntriesByType('resource').map(entry => entry.name)");
    }

    /** Loads the page afresh (not just a hash change), as a user opening a bookmark would. */
    void open(String url) {
        driver.get("about:blank");
        driver.get(url);
        script("performance.setResourceTimingBufferSize(100000)");
    }

    WebElement find(String css) {
        return driver.findElement(By.cssSelector(css));
    }

    List<WebElement> findAll(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    boolean isShown(String css) {
        List<WebElement> elements = findAll(css);
        return !elements.isEmpty() && elements.get(0).isDisplayed();
    }

    String text(String css) {
        return find(css).getText();
    }

    void type(String css, String text) {
        WebElement input = find(css);
        input.clear();
        input.sendKeys(text);
    }

    void click(String css) {
        find(css).click();
    }

    Object script(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    String hash() {
        return (String) script("return location.hash");
    }

    void setWindowSize(int width, int height) {
        driver.manage().window().setSize(new org.openqa.selenium.Dimension(width, height));
    }

    /** Where downloads are saved: target/downloads. */
    Path downloads() {
        return downloads;
    }

    /** Saves target/screenshots/NN-name.png, in the order taken. */
    void screenshot(String name) {
        File shot = driver.getScreenshotAs(OutputType.FILE);
        try {
            Files.move(shot.toPath(), SCREENSHOTS.resolve("%02d-%s.png".formatted(++shots, name)),
                    StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Console entries at SEVERE since the last call (console errors, uncaught exceptions, failed requests, CORS). */
    List<String> severeConsoleEntries() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(entry -> entry.getLevel().intValue() >= Level.SEVERE.intValue())
                .map(LogEntry::getMessage)
                .toList();
    }

    @Override
    public void close() {
        driver.quit();
        try (var files = Files.walk(profile)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException ignored) {
            // A temp profile left behind is harmless.
        }
    }
}
