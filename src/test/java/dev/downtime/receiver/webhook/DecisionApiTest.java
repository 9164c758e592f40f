package dev.downtime.receiver.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import dev.downtime.receiver.PostgresIntegrationTest;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

/**
 * {@code GET /api/v1/decision}: what the webhook answers now, or at any instant {@code at} (past or
 * future: from memory within the horizon, from PostgreSQL beyond it), with the windows and
 * occurrences that match and why. The clock starts at 1 March 2026, 12:00Z.
 */
class DecisionApiTest extends PostgresIntegrationTest {

    void createWindow(String scope, String target, String startsAt, String endsAt) {
        create("{\"scope\":\"%s\",\"target\":\"%s\",\"startsAt\":\"%s\",\"endsAt\":\"%s\"}"
                .formatted(scope, target, startsAt, endsAt));
    }

    void create(String json) {
        assertThat(mvc.post()
                        .uri("/api/v1/maintenance-windows")
                        .header("Authorization", bearer())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(json))
                .hasStatus(HttpStatus.CREATED);
    }

    /** Daily 14:00-15:00 Berlin time: 13:00Z-14:00Z in winter, 12:00Z-13:00Z in summer. */
    void daily() {
        create("""
                {"scope":"domain","target":"rec.test","recurrence":{"rrule":"FREQ=DAILY","timeZone":"Europe/Berlin",
                 "start":"2026-03-01T14:00:00","duration":"PT1H"}}""");
    }

    String explain(String query) {
        var result = mvc.get()
                .uri("/api/v1/decision" + query)
                .header("Authorization", bearer())
                .exchange();
        assertThat(result).hasStatusOk();
        return body(result);
    }

    @Test
    void explainsTheStretchAndTheExactReply() {
        createWindow("domain", "*.example.com", "2026-03-01T11:00:00Z", "2026-03-01T12:30:00Z");
        createWindow("host", "bighost", "2026-03-01T12:30:00Z", "2026-03-01T14:00:00Z");
        createWindow("url", "http://www.example.com", "2026-03-01T15:00:00Z", "2026-03-01T16:00:00Z");

        String body = explain("?url=WWW.example.com/&host=BigHost&code=503");

        assertThat(JsonPath.<String>read(body, "$.normalizedUrl")).isEqualTo("http://www.example.com");
        assertThat(JsonPath.<String>read(body, "$.coveredUntil")).isEqualTo("2026-03-01T14:00:00Z");
        assertThat(JsonPath.<String>read(body, "$.reply")).isEqualTo("2026-03-01T14:00:00Z");
        assertThat(JsonPath.<List<String>>read(body, "$.matchingWindows[*].target"))
                .containsExactlyInAnyOrder("*.example.com", "bighost", "http://www.example.com");
        assertThat(JsonPath.<List<String>>read(body, "$.matchingWindows[?(@.inStretch == true)].target"))
                .containsExactlyInAnyOrder("*.example.com", "bighost");
        assertThat(JsonPath.<List<String>>read(body, "$.matchingWindows[?(@.state == 'upcoming')].target"))
                .containsExactlyInAnyOrder("bighost", "http://www.example.com");
    }

    @Test
    void saysOkForARecoveryWhileStillShowingTheStretch() {
        createWindow("domain", "example.com", "2026-03-01T11:00:00Z", "2026-03-01T13:00:00Z");

        String body = explain("?url=example.com&code=200");

        assertThat(JsonPath.<String>read(body, "$.reply")).isEqualTo("ok");
        assertThat(JsonPath.<String>read(body, "$.coveredUntil")).isEqualTo("2026-03-01T13:00:00Z");
    }

    @Test
    void treatsAMissingCodeAsAFailure() {
        createWindow("domain", "example.com", "2026-03-01T11:00:00Z", "2026-03-01T13:00:00Z");

        assertThat(JsonPath.<String>read(explain("?url=example.com"), "$.reply"))
                .isEqualTo("2026-03-01T13:00:00Z");
        assertThat(JsonPath.<String>read(explain("?url=other.test"), "$.reply")).isEqualTo("ok");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            ''                          | url  | is required
            ?url=                       | url  |
            ?url=ftp://x                | url  |
            ?url=example.com&code=1000  | code | must be less than or equal to 999
            ?url=a.com&code=x           | code | must be an integer
            """)
    void refusesAMissingOrInvalidUrlOrCodeWithAProblemNamingTheField(
            String query, String field, @Nullable String message) {
        var result = mvc.get()
                .uri("/api/v1/decision" + query)
                .header("Authorization", bearer())
                .exchange();

        assertThat(result).hasStatus(HttpStatus.BAD_REQUEST).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(JsonPath.<List<String>>read(body(result), "$.errors[*].field"))
                .containsExactly(field);
        if (message != null) {
            assertThat(JsonPath.<List<String>>read(body(result), "$.errors[*].message"))
                    .containsExactly(message);
        }
    }

    @Test
    void answersAtAFutureInstantWithTheOccurrenceAndWhyItMatches() {
        daily();
        create("""
                {"scope":"url","target":"http://rec.test","startsAt":"2026-03-02T14:00:00Z","endsAt":"2026-03-02T14:30:00Z"}""");

        String body = explain("?url=http://rec.test&code=503&at=2026-03-02T13:30:00Z");

        assertThat(JsonPath.<String>read(body, "$.evaluatedAt")).isEqualTo("2026-03-02T13:30:00Z");
        assertThat(JsonPath.<String>read(body, "$.coveredUntil")).isEqualTo("2026-03-02T14:30:00Z");
        assertThat(JsonPath.<String>read(body, "$.reply")).isEqualTo("2026-03-02T14:30:00Z");
        assertThat(JsonPath.<List<String>>read(body, "$.matchingWindows[?(@.inStretch == true)].occurrence"))
                .contains("2026-03-02T14:00:00");
        assertThat(JsonPath.<List<String>>read(
                        body, "$.matchingWindows[?(@.occurrence == '2026-03-02T14:00:00')].matchedBy"))
                .containsExactly("the URL's host is the window's domain");
        assertThat(JsonPath.<List<String>>read(body, "$.matchingWindows[?(@.scope == 'url')].matchedBy"))
                .containsExactly("the URL is the window's target");
    }

    @Test
    void answersBeyondTheHorizonInMemoryFromTheDatabase() {
        daily();

        // June: summer time, 14:00 in Berlin is 12:00Z; three months ahead, beyond what memory holds.
        String body = explain("?url=http://rec.test&at=2026-06-01T12:30:00Z");

        assertThat(JsonPath.<String>read(body, "$.coveredUntil")).isEqualTo("2026-06-01T13:00:00Z");
        assertThat(JsonPath.<String>read(body, "$.reply")).isEqualTo("2026-06-01T13:00:00Z");
    }

    @Test
    void answersInThePastWithWindowsEndedSince() {
        create("""
                {"scope":"domain","target":"past.test","startsAt":"2026-03-01T12:00:00Z","endsAt":"2026-03-01T13:00:00Z"}""");
        daily();
        clock.set(Instant.parse("2026-03-01T15:00:00Z"));
        schedule.refresh();

        assertThat(JsonPath.<String>read(explain("?url=http://past.test&at=2026-03-01T12:10:00Z"), "$.reply"))
                .isEqualTo("2026-03-01T13:00:00Z");
        assertThat(JsonPath.<String>read(explain("?url=http://rec.test&at=2026-03-01T13:59:59Z"), "$.reply"))
                .isEqualTo("2026-03-01T14:00:00Z");
        // Half-open: at its end an occurrence no longer covers; before the series began, nothing did.
        assertThat(JsonPath.<String>read(explain("?url=http://rec.test&at=2026-03-01T14:00:00Z"), "$.reply"))
                .isEqualTo("ok");
        assertThat(JsonPath.<String>read(explain("?url=http://rec.test&at=2026-02-28T13:30:00Z"), "$.reply"))
                .isEqualTo("ok");
    }

    @Test
    void refusesAnInstantItCannotRead() {
        assertThat(mvc.get()
                        .uri("/api/v1/decision?url=http://rec.test&at=tomorrow")
                        .header("Authorization", bearer()))
                .hasStatus(HttpStatus.BAD_REQUEST)
                .hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
    }
}
