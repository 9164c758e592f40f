package dev.downtime.receiver.sites;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

/** Windows of scope selector: what they cover follows the inventory, and merges with other scopes. */
class SelectorWindowTest extends InventoryIntegrationTest {

    MvcTestResult createWindow(String scope, String target, String startsAt, String endsAt) {
        return mvc.post()
                .uri("/api/v1/maintenance-windows")
                .header("Authorization", bearer())
                .contentType(MediaType.APPLICATION_JSON)
                .content("""
                        {"scope":"%s","target":"%s","startsAt":"%s","endsAt":"%s"}""".formatted(scope, target.replace("\\", "\\\\").replace("\"", "\\\""), startsAt, endsAt))
                .exchange();
    }

    String reply(String url) {
        return postWebhook("{\"url\":\"" + url + "\",\"code\":503}").body();
    }

    @Test
    void coversASiteImportedAfterTheWindowWasCreated() {
        assertThat(createWindow("selector", "server=web-42", "2026-03-01T11:00:00Z", "2026-03-01T13:00:00Z"))
                .hasStatus(HttpStatus.CREATED);
        assertThat(reply("https://a.example")).isEqualTo("ok");

        upload("url,server\nhttps://a.example,web-42\nhttps://b.example,web-43\n");

        assertThat(reply("https://a.example")).isEqualTo("2026-03-01T13:00:00Z");
        assertThat(reply("https://b.example")).isEqualTo("ok");
    }

    @Test
    void stopsCoveringASiteMovedToAnotherServer() {
        upload("url,server\nhttps://a.example,web-42\n");
        createWindow("selector", "server=~web-4[0-2]", "2026-03-01T11:00:00Z", "2026-03-01T13:00:00Z");
        assertThat(reply("https://a.example")).isEqualTo("2026-03-01T13:00:00Z");

        upload("url,server\nhttps://a.example,web-50\n");

        assertThat(reply("https://a.example")).isEqualTo("ok");
    }

    @Test
    void mergesWithWindowsOfOtherScopesIntoOneStretch() {
        upload("url,host,cluster,plan\nhttps://a.example/shop,slug,eu-1,business\nhttps://b.example,,eu-1,vip\n");
        createWindow("selector", "cluster=eu-1,plan!=vip", "2026-03-01T11:00:00Z", "2026-03-01T13:00:00Z");
        createWindow("domain", "a.example", "2026-03-01T13:00:00Z", "2026-03-01T14:00:00Z");

        assertThat(reply("https://a.example/shop")).isEqualTo("2026-03-01T14:00:00Z");
        assertThat(reply("https://b.example")).isEqualTo("ok");
    }

    @Test
    void followsChangesMadeThroughAnotherInstance() {
        createWindow("selector", "customer=4711", "2026-03-01T11:00:00Z", "2026-03-01T13:00:00Z");

        insertElsewhere("https://c.example", "{\"customer\": \"4711\"}");
        inventory.refresh();

        assertThat(reply("https://c.example")).isEqualTo("2026-03-01T13:00:00Z");
    }

    @Test
    void aRecurringSelectorWindowCoversEachOccurrenceAndExplainsItsDecision() {
        upload("url,server\nhttps://a.example,web-42\n");
        assertThat(mvc.post()
                        .uri("/api/v1/maintenance-windows")
                        .header("Authorization", bearer())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("""
                                {"scope":"selector","target":"server=web-42","recurrence":{"rrule":"FREQ=DAILY",
                                 "timeZone":"UTC","start":"2026-02-25T11:00:00","duration":"PT2H"}}""")
                        .exchange())
                .hasStatus(HttpStatus.CREATED);

        // Every occurrence shares the window's id: the one running now must be the one that counts.
        assertThat(reply("https://a.example")).isEqualTo("2026-03-01T13:00:00Z");

        MvcTestResult tomorrow = mvc.get()
                .uri("/api/v1/decision?url=https://a.example&at=2026-03-02T11:30:00Z")
                .header("Authorization", bearer())
                .exchange();
        assertThat(tomorrow).hasStatusOk();
        assertThat(JsonPath.<String>read(body(tomorrow), "$.matchingWindows[0].matchedBy"))
                .contains("selector server=web-42");
    }

    @Test
    void hearsOfChangesMadeThroughAnotherInstanceAtOnce() {
        createWindow("selector", "customer=4712", "2026-03-01T11:00:00Z", "2026-03-01T13:00:00Z");

        // No refresh asked for, and the periodic one is an hour away: only PostgreSQL's NOTIFY tells.
        insertElsewhere("https://d.example", "{\"customer\": \"4712\"}");

        Awaitility.await()
                .atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(reply("https://d.example")).isEqualTo("2026-03-01T13:00:00Z"));
    }

    @Test
    void storesTheSelectorInItsCanonicalForm() {
        MvcTestResult created = createWindow(
                "selector",
                "{server=~\"web-4[0-9]\", plan != vip, cluster=eu-1}",
                "2026-03-01T11:00:00Z",
                "2026-03-01T13:00:00Z");

        assertThat(created).hasStatus(HttpStatus.CREATED);
        assertThat(JsonPath.<String>read(body(created), "$.target"))
                .isEqualTo("cluster=eu-1,plan!=vip,server=~web-4[0-9]");
    }

    @ParameterizedTest
    @ValueSource(strings = {"server=~web-(", "plan!=vip", "Server=web-42", "server=~(a{1000}){1000}"})
    void refusesAnInvalidSelectorNamingTheTarget(String selector) {
        MvcTestResult result = createWindow("selector", selector, "2026-03-01T11:00:00Z", "2026-03-01T13:00:00Z");

        assertThat(result).hasStatus(HttpStatus.BAD_REQUEST).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(JsonPath.<String>read(body(result), "$.errors[0].field")).isEqualTo("target");
        assertThat(JsonPath.<String>read(body(result), "$.errors[0].message")).isNotBlank();
    }

    @Test
    void refusesARegexLongerThanTheLimitNamingTheTarget() {
        MvcTestResult result =
                createWindow("selector", "server=~" + "a".repeat(300), "2026-03-01T11:00:00Z", "2026-03-01T13:00:00Z");

        assertThat(result).hasStatus(HttpStatus.BAD_REQUEST);
        assertThat(JsonPath.<String>read(body(result), "$.errors[0].field")).isEqualTo("target");
    }
}
