package dev.downtime.receiver.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.downtime.receiver.IntegrationTest;
import dev.downtime.receiver.PostgresIntegrationTest;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.support.ui.Select;

/**
 * The console in a real browser (headless Chromium) against the whole service on a random port.
 * Each test leaves a screenshot of the pages it saw under {@code target/console-screenshots/}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleBrowserTest extends PostgresIntegrationTest {

    private Browser browser;

    @BeforeEach
    void freshSession() {
        if (browser == null) {
            browser = new Browser(port);
        }
        browser.driver.manage().deleteAllCookies();
        browser.desktop();
    }

    @AfterAll
    void closeBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    void signsInWithAnAdminTokenShowsNowAndSignsOut() {
        browser.open("/console");
        assertThat(browser.path()).startsWith("/console/sign-in");
        browser.screenshot("sign-in");

        browser.signIn(IntegrationTest.ADMIN_TOKEN);

        assertThat(browser.path()).isEqualTo("/console");
        assertThat(browser.text("h1")).isEqualTo("Now");
        assertThat(browser.text(".who")).contains("ops").contains("admin");
        browser.screenshot("now");

        browser.signOut();

        assertThat(browser.path()).isEqualTo("/console/sign-in?signed-out");
        browser.open("/console");
        assertThat(browser.path()).startsWith("/console/sign-in");
    }

    @Test
    void refusesAnUnknownToken() {
        browser.signIn("not-a-token-of-ours-at-all");

        assertThat(browser.path()).isEqualTo("/console/sign-in?error");
        assertThat(browser.text("[role=alert]")).contains("not valid");
    }

    @Test
    void plansAWindowThatTheWebhookAnswersWithItsEndThenEndsItEarly() throws Exception {
        browser.signIn(IntegrationTest.ADMIN_TOKEN);
        browser.open("/console/windows");
        browser.type("#target", "https://example.com/shop");
        browser.type("#minutes", "90");
        browser.type("#reason", "database upgrade");
        browser.click("#plan-window button[type=submit]");

        assertThat(browser.text("[role=status]")).isEqualTo("Window planned.");
        assertThat(browser.text("#window-state")).isEqualTo("active");
        String end = browser.text("#window-ends");
        assertThat(end).isEqualTo(IntegrationTest.T0.plusSeconds(90 * 60).toString());
        assertThat(webhookAnswerFor("https://example.com/shop")).isEqualTo(end);
        browser.screenshot("window");

        // The webhook's answer was a promise to Monitor: ending cuts it short, so the page asks first.
        String windowPage = browser.path();
        browser.click("#end-window button[type=submit]");
        assertThat(browser.text("h1")).isEqualTo("Promises would be cut short");
        browser.screenshot("window-end-refused");
        browser.open(windowPage);
        browser.tick("#end-window input[name=confirm]");
        browser.click("#end-window button[type=submit]");

        assertThat(browser.text("[role=status]")).isEqualTo("Window ended.");
        assertThat(browser.text("#window-state")).isEqualTo("ended");
        assertThat(webhookAnswerFor("https://example.com/shop")).isEqualTo("ok");
        assertThat(jdbc.sql("SELECT action FROM audit_event WHERE actor = 'ops' ORDER BY id")
                        .query(String.class)
                        .list())
                .containsSubsequence("window.created", "window.ended");
    }

    @Test
    void aViewerSeesNoEditControlsAndIsRefusedTheAdminPages() {
        browser.signIn(IntegrationTest.ADMIN_TOKEN);
        browser.open("/console/tokens");
        browser.type("#token-name", "vera");
        new Select(browser.find("#token-role")).selectByValue("viewer");
        browser.click("#issue-token button[type=submit]");
        String viewerToken = browser.text("#issued-secret");
        browser.screenshot("tokens");
        planWindow("https://example.com/cart", "45");
        browser.signOut();

        browser.signIn(viewerToken);

        assertThat(browser.text(".who")).contains("vera").contains("viewer");
        assertThat(browser.has("nav a[href$='/console/tokens']")).isFalse();
        assertThat(browser.has("nav a[href$='/console/audit']")).isFalse();
        browser.open("/console/windows");
        assertThat(browser.text("tbody")).contains("https://example.com/cart");
        assertThat(browser.has("#plan-window")).isFalse();
        assertThat(browser.has("#bulk-windows")).isFalse();
        assertThat(browser.has("input[type=checkbox]")).isFalse();
        browser.click("tbody a");
        assertThat(browser.text("#window-target")).isEqualTo("https://example.com/cart");
        assertThat(browser.has("#end-window")).isFalse();
        assertThat(browser.has("#extend-window")).isFalse();
        assertThat(browser.has("form[method=post]:not(.sign-out)")).isFalse();
        browser.screenshot("window-as-viewer");
        browser.open("/console/tokens");
        assertThat(browser.text("h1")).isEqualTo("Not allowed");
    }

    @Test
    void refusesAFormPostedWithoutItsCsrfToken() {
        browser.signIn(IntegrationTest.ADMIN_TOKEN);
        browser.open("/console/windows");
        browser.type("#target", "https://example.com/forged");
        browser.type("#minutes", "30");
        browser.driver.executeScript("document.querySelector('#plan-window input[name=_csrf]').remove();");
        browser.click("#plan-window button[type=submit]");

        assertThat(browser.text("h1")).isEqualTo("Not allowed");
        assertThat(jdbc.sql("SELECT count(*) FROM maintenance_window")
                        .query(Long.class)
                        .single())
                .isZero();
        browser.screenshot("denied");
    }

    @Test
    void showsEveryPageWithWhatTheServiceHolds() throws Exception {
        browser.signIn(IntegrationTest.ADMIN_TOKEN);
        planWindow("https://example.com/shop", "120");
        browser.open("/console/windows");
        browser.type("#target", "example.org");
        new Select(browser.find("#scope")).selectByValue("domain");
        browser.type("#startsAt", "");
        browser.driver.executeScript("document.getElementById('startsAt').value = '2026-03-04T08:00';"
                + "document.getElementById('endsAt').value = '2026-03-04T10:30';");
        browser.click("#plan-window button[type=submit]");
        assertThat(browser.text("#window-state")).isEqualTo("upcoming");
        assertThat(webhookAnswerFor("https://example.com/shop")).isEqualTo("2026-03-01T14:00:00Z");
        assertThat(webhookAnswerFor("https://down.example.net/")).isEqualTo("ok");
        awaitEventsHandled();

        browser.open("/console");
        assertThat(browser.text("#active-heading + div")).contains("https://example.com/shop");
        assertThat(browser.has(".timeline rect.bar")).isTrue();
        assertThat(browser.text("#incidents-heading ~ div")).contains("https://down.example.net");
        browser.screenshot("now-with-data");
        browser.open("/console/windows");
        browser.screenshot("windows");
        browser.open("/console/decision?url=https://example.com/shop");
        assertThat(browser.text("#decision-reply")).isEqualTo("2026-03-01T14:00:00Z");
        browser.screenshot("decision");
        browser.open("/console/incidents");
        browser.screenshot("incidents");
        browser.type("#filter-url", "https://down.example.net/");
        browser.click("form[role=search] button");
        browser.click("tbody a");
        assertThat(browser.text("#incident-url")).isEqualTo("https://down.example.net");
        browser.screenshot("incident");
        browser.open("/console/notifications");
        browser.type("#search-code", "5xx");
        browser.click("form[role=search] button");
        assertThat(browser.text("tbody")).contains("https://down.example.net/");
        browser.screenshot("notifications");
        browser.open("/console/audit");
        assertThat(browser.text("tbody")).contains("window.created");
        browser.screenshot("audit");
        browser.open("/console/notifications?code=abc");
        assertThat(browser.text("[role=alert]")).contains("code");
        browser.screenshot("error");
        browser.phone();
        browser.open("/console");
        browser.screenshot("now-on-a-phone");
        browser.open("/console/windows");
        browser.screenshot("windows-on-a-phone");
    }

    @Test
    void previewShowsTheMatchedInventorySiteAndCreatesNothing() throws Exception {
        HttpResponse<String> upload = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/sites"))
                                .header("Authorization", "Bearer " + IntegrationTest.ADMIN_TOKEN)
                                .header("Content-Type", "application/json")
                                .PUT(HttpRequest.BodyPublishers.ofString(
                                        "[{\"url\": \"https://shop.example.com/checkout\"}]"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(upload.statusCode()).isBetween(200, 299);
        browser.signIn(IntegrationTest.ADMIN_TOKEN);
        browser.open("/console/windows");
        new Select(browser.find("#scope")).selectByValue("domain");
        browser.type("#target", "shop.example.com");
        browser.type("#minutes", "60");
        browser.type("#reason", "checkout move");
        browser.click("#plan-window button[name=preview]");

        assertThat(browser.text("#preview-site-count")).isEqualTo("1");
        assertThat(browser.text("#preview-sites")).contains("https://shop.example.com/checkout");
        assertThat(browser.find("#target").getDomProperty("value")).isEqualTo("shop.example.com");
        assertThat(browser.find("#minutes").getDomProperty("value")).isEqualTo("60");
        assertThat(new Select(browser.find("#scope")).getFirstSelectedOption().getDomProperty("value"))
                .isEqualTo("domain");
        assertThat(windowCount()).isZero();
        browser.screenshot("window-preview");

        browser.click("#plan-window button[type=submit]:not([name])");
        assertThat(browser.text("[role=status]")).isEqualTo("Window planned.");
        assertThat(windowCount()).isOne();
    }

    @Test
    void endsTwoTickedWindowsAtOnceAfterShowingWhatWouldChange() throws Exception {
        browser.signIn(IntegrationTest.ADMIN_TOKEN);
        planWindow("https://example.com/one", "60");
        planWindow("https://example.com/two", "60");
        planWindow("https://example.com/three", "60");
        assertThat(webhookAnswerFor("https://example.com/one")).isNotEqualTo("ok");
        browser.open("/console/windows");
        tickWindow("https://example.com/one");
        tickWindow("https://example.com/two");
        browser.click("#bulk-windows button[value=end]");

        assertThat(browser.text("#bulk-ends")).contains("https://example.com/one", "https://example.com/two");
        assertThat(webhookAnswerFor("https://example.com/one")).isNotEqualTo("ok");
        browser.screenshot("windows-bulk-dry-run");
        browser.click("#bulk-confirm button[type=submit]");

        assertThat(browser.text("[role=status]")).isEqualTo("Done: 0 created, 2 ended, 0 deleted.");
        assertThat(webhookAnswerFor("https://example.com/one")).isEqualTo("ok");
        assertThat(webhookAnswerFor("https://example.com/two")).isEqualTo("ok");
        assertThat(webhookAnswerFor("https://example.com/three")).isNotEqualTo("ok");
        browser.screenshot("windows-bulk-done");
    }

    @Test
    void createsManyWindowsFromLinesAndABadLineChangesNothing() throws Exception {
        browser.signIn(IntegrationTest.ADMIN_TOKEN);
        browser.open("/console/windows/bulk");
        browser.type(
                "#lines",
                "url https://example.com/a now 30m first\nurl https://example.com/b now 2026-02-01T00:00 wrong");
        browser.click("#bulk-create button[type=submit]");

        assertThat(browser.text("[role=alert]")).contains("create[1].endsAt");
        assertThat(windowCount()).isZero();
        browser.screenshot("windows-bulk-error");

        browser.open("/console/windows/bulk");
        browser.screenshot("windows-bulk");
        browser.type("#lines", "url https://example.com/a now 30m first\ndomain example.org now 45m second one");
        browser.click("#bulk-create button[type=submit]");
        assertThat(browser.text("#bulk-creates")).contains("https://example.com/a", "example.org");
        assertThat(windowCount()).isZero();
        browser.click("#bulk-confirm button[type=submit]");

        assertThat(browser.text("[role=status]")).isEqualTo("Done: 2 created, 0 ended, 0 deleted.");
        assertThat(windowCount()).isEqualTo(2);
        assertThat(webhookAnswerFor("https://example.com/a")).isNotEqualTo("ok");
    }

    @Test
    void aBulkEndWithAnEndedWindowChangesNothingAndNamesIt() throws Exception {
        browser.signIn(IntegrationTest.ADMIN_TOKEN);
        planWindow("https://example.com/open", "60");
        planWindow("https://example.com/closed", "60");
        browser.open("/console/windows");
        tickWindow("https://example.com/open");
        tickWindow("https://example.com/closed");
        browser.click("#bulk-windows button[value=end]");
        assertThat(browser.text("#bulk-ends")).contains("https://example.com/closed");
        // Meanwhile someone ends one of them: the confirmed bulk now has a bad item.
        jdbc.sql("UPDATE maintenance_window SET ended_at = starts_at" + " WHERE target = 'https://example.com/closed'")
                .update();
        long endedBefore = endedCount();
        browser.click("#bulk-confirm button[type=submit]");

        assertThat(browser.text("[role=alert]"))
                .containsPattern("end\\[[01]\\]")
                .contains("https://example.com/closed")
                .contains("has already ended");
        assertThat(webhookAnswerFor("https://example.com/open")).isNotEqualTo("ok");
        assertThat(endedCount()).isEqualTo(endedBefore);
        browser.screenshot("windows-bulk-refused");
    }

    private void tickWindow(String target) {
        browser.tick("input[form=bulk-windows][aria-label='Select " + target + "']");
    }

    private long endedCount() {
        return jdbc.sql("SELECT count(*) FROM audit_event WHERE action = 'window.ended'")
                .query(Long.class)
                .single();
    }

    private long windowCount() {
        return jdbc.sql("SELECT count(*) FROM maintenance_window")
                .query(Long.class)
                .single();
    }

    private void planWindow(String url, String minutes) {
        browser.open("/console/windows");
        browser.type("#target", url);
        browser.type("#minutes", minutes);
        browser.click("#plan-window button[type=submit]");
        assertThat(browser.text("[role=status]")).isEqualTo("Window planned.");
    }

    private String webhookAnswerFor(String url) throws IOException, InterruptedException {
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/webhooks/monitor"))
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString("{\"url\":\"" + url + "\",\"code\":503}"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body().strip();
    }
}
