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
        browser.find("#plan-window button[type=submit]").click();

        assertThat(browser.text("[role=status]")).isEqualTo("Window planned.");
        assertThat(browser.text("#window-state")).isEqualTo("active");
        String end = browser.text("#window-ends");
        assertThat(end).isEqualTo(IntegrationTest.T0.plusSeconds(90 * 60).toString());
        assertThat(webhookAnswerFor("https://example.com/shop")).isEqualTo(end);
        browser.screenshot("window");

        browser.find("#end-window button[type=submit]").click();

        assertThat(browser.text("[role=status]")).isEqualTo("Window ended.");
        assertThat(browser.text("#window-state")).isEqualTo("ended");
        assertThat(webhookAnswerFor("https://example.com/shop")).isEqualTo("ok");
        assertThat(jdbc.sql("SELECT action FROM audit_event WHERE actor = 'ops' ORDER BY id")
                        .query(String.class)
                        .list())
                .containsSubsequence("window.created", "window.ended");
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
