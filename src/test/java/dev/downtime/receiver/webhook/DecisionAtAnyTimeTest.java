package dev.downtime.receiver.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import dev.downtime.receiver.PostgresIntegrationTest;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

/**
 * {@code GET /api/v1/decision?at=...} answers as the webhook would at that instant, past or future,
 * from memory within the horizon and from PostgreSQL beyond it, listing the windows and
 * occurrences that match and why. The clock starts at 1 March 2026, 12:00Z.
 */
class DecisionAtAnyTimeTest extends PostgresIntegrationTest {

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

    String decision(String query) {
        MvcTestResult result = mvc.get()
                .uri("/api/v1/decision" + query)
                .header("Authorization", bearer())
                .exchange();
        assertThat(result).hasStatusOk();
        return body(result);
    }

    @Test
    void answersAtAFutureInstantWithTheOccurrenceAndWhyItMatches() {
        daily();
        create("""
                {"scope":"url","target":"http://rec.test","startsAt":"2026-03-02T14:00:00Z","endsAt":"2026-03-02T14:30:00Z"}""");

        String body = decision("?url=http://rec.test&code=503&at=2026-03-02T13:30:00Z");

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
        String body = decision("?url=http://rec.test&at=2026-06-01T12:30:00Z");

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

        assertThat(JsonPath.<String>read(decision("?url=http://past.test&at=2026-03-01T12:10:00Z"), "$.reply"))
                .isEqualTo("2026-03-01T13:00:00Z");
        assertThat(JsonPath.<String>read(decision("?url=http://rec.test&at=2026-03-01T13:59:59Z"), "$.reply"))
                .isEqualTo("2026-03-01T14:00:00Z");
        // Half-open: at its end an occurrence no longer covers; before the series began, nothing did.
        assertThat(JsonPath.<String>read(decision("?url=http://rec.test&at=2026-03-01T14:00:00Z"), "$.reply"))
                .isEqualTo("ok");
        assertThat(JsonPath.<String>read(decision("?url=http://rec.test&at=2026-02-28T13:30:00Z"), "$.reply"))
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
