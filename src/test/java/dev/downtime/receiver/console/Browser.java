package dev.downtime.receiver.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.NoSuchElementException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium driven through its chromedriver, on a profile of its own. Missing
 * browser or driver fails the test (CI installs them: {@code .ci/run}); it is never skipped.
 */
final class Browser implements AutoCloseable {

    /** Debian's, unless CONSOLE_TEST_CHROMIUM names another (GitHub's runners have Chrome instead). */
    static final Path CHROMIUM = Path.of(environment("CONSOLE_TEST_CHROMIUM", "/usr/bin/chromium"));

    static final Path CHROMEDRIVER = Path.of(environment("CONSOLE_TEST_CHROMEDRIVER", "/usr/bin/chromedriver"));
    static final Path SCREENSHOTS = Path.of("target/console-screenshots");

    final ChromeDriver driver;
    private final String base;
    private final Path profile;

    Browser(int port) {
        assertThat(CHROMIUM)
                .as("the browser tests need Debian's chromium: apt-get install -y chromium chromium-driver")
                .isExecutable();
        assertThat(CHROMEDRIVER)
                .as("the browser tests need Debian's chromedriver: apt-get install -y chromium-driver")
                .isExecutable();
        try {
            profile = Files.createTempDirectory("console-chromium-");
            Files.createDirectories(SCREENSHOTS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        // As root in a container: no sandbox; and nothing that reaches out to the network.
        options.addArguments(
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-dev-shm-usage",
                "--lang=en-US",
                "--window-size=1280,900",
                "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        base = "http://localhost:" + port;
    }

    private static String environment(String name, String otherwise) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? otherwise : value;
    }

    void open(String path) {
        driver.get(base + path);
    }

    String path() {
        return driver.getCurrentUrl().substring(base.length());
    }

    WebElement find(String css) {
        try {
            return driver.findElement(By.cssSelector(css));
        } catch (NoSuchElementException e) {
            screenshot("failed-" + css.replaceAll("[^A-Za-z0-9-]", "_"));
            throw new AssertionError("no " + css + " on " + driver.getCurrentUrl() + ", which shows: "
                    + driver.findElement(By.tagName("body")).getText());
        }
    }

    /** Ticks a checkbox (or clicks anything that stays on the page). */
    void tick(String css) {
        WebElement box = find(css);
        if (!box.isSelected()) {
            box.click();
        }
    }

    /** Clicks what leads to another page (a link, a form's button) and waits until that page is loaded. */
    void click(String css) {
        WebElement before = driver.findElement(By.tagName("html"));
        find(css).click();
        new WebDriverWait(driver, Duration.ofSeconds(15)).until(d -> gone(before));
        new WebDriverWait(driver, Duration.ofSeconds(15))
                .until(d -> "complete".equals(((ChromeDriver) d).executeScript("return document.readyState")));
    }

    /** Whether the element left the document: Chromium says so in one of two ways. */
    private static boolean gone(WebElement element) {
        try {
            element.isEnabled();
            return false;
        } catch (StaleElementReferenceException e) {
            return true;
        } catch (WebDriverException e) {
            if (e.getMessage() != null && e.getMessage().contains("does not belong to the document")) {
                return true;
            }
            throw e;
        }
    }

    boolean has(String css) {
        return !driver.findElements(By.cssSelector(css)).isEmpty();
    }

    String text(String css) {
        return find(css).getText();
    }

    void type(String css, String text) {
        WebElement field = find(css);
        field.clear();
        field.sendKeys(text);
    }

    void signIn(String token) {
        open("/console/sign-in");
        type("#token", token);
        click("form[action$='/console/sign-in'] button[type=submit]");
    }

    void signOut() {
        click("form.sign-out button[type=submit]");
    }

    /** The whole page, as a person would scroll through it, for review under {@link #SCREENSHOTS}. */
    void screenshot(String name) {
        Dimension before = driver.manage().window().getSize();
        long height = (Long) driver.executeScript("return document.documentElement.scrollHeight;");
        driver.manage().window().setSize(new Dimension(before.getWidth(), (int) Math.min(height + 140, 6000)));
        try {
            Files.write(SCREENSHOTS.resolve(name + ".png"), driver.getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            driver.manage().window().setSize(before);
        }
    }

    void desktop() {
        driver.manage().window().setSize(new Dimension(1280, 900));
    }

    void phone() {
        driver.manage().window().setSize(new Dimension(390, 844));
    }

    @Override
    public void close() {
        driver.quit();
        try (var files = Files.walk(profile)) {
            files.sorted(java.util.Comparator.reverseOrder())
                    .forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // A temporary profile left behind is harmless.
        }
    }
}
