package dev.downtime.receiver.maintenance;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import dev.downtime.receiver.PostgresIntegrationTest;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

/**
 * Recurring windows through the API: stored, shown, refused field by field, their occurrences
 * listed in UTC and local time, their exceptions, and the webhook answering from them. The clock
 * starts at Sunday 1 March 2026, 12:00Z; Berlin springs forward on 29 March.
 */
class RecurringWindowApiTest extends PostgresIntegrationTest {

    static final String WINDOWS = "/api/v1/maintenance-windows";

    /** Daily 14:00-15:00 Berlin time from 1 March: 13:00Z-14:00Z in winter, 12:00Z-13:00Z in summer. */
    static final String DAILY = """
            {"scope":"domain","target":"rec.test","reason":"patching",
             "recurrence":{"rrule":"FREQ=DAILY","timeZone":"Europe/Berlin","start":"2026-03-01T14:00:00","duration":"PT1H"}}""";

    MvcTestResult post(String uri, String json) {
        return mvc.post()
                .uri(uri)
                .header("Authorization", bearer())
                .contentType(MediaType.APPLICATION_JSON)
                .content(json)
                .exchange();
    }

    MvcTestResult post(String uri) {
        return mvc.post().uri(uri).header("Authorization", bearer()).exchange();
    }

    MvcTestResult get(String uri) {
        return mvc.get().uri(uri).header("Authorization", bearer()).exchange();
    }

    String created(String json) {
        MvcTestResult result = post(WINDOWS, json);
        assertThat(result).hasStatus(HttpStatus.CREATED);
        return JsonPath.read(body(result), "$.id");
    }

    String occurrences(String id, String query) {
        MvcTestResult result = get(WINDOWS + "/" + id + "/occurrences" + query);
        assertThat(result).hasStatusOk();
        return body(result);
    }

    /** What the webhook answers now to a failed check of that URL. */
    String webhookReply(String url) {
        return postWebhook("{\"url\":\"" + url + "\",\"code\":503}").body();
    }

    void at(String instant) {
        clock.set(Instant.parse(instant));
    }

    @Test
    void storesARecurringWindowAndShowsItsRecurrence() {
        String id = created(DAILY);

        String body = body(get(WINDOWS + "/" + id));

        assertThat(JsonPath.<String>read(body, "$.recurrence.rrule")).isEqualTo("FREQ=DAILY");
        assertThat(JsonPath.<String>read(body, "$.recurrence.timeZone")).isEqualTo("Europe/Berlin");
        assertThat(JsonPath.<String>read(body, "$.recurrence.start")).isEqualTo("2026-03-01T14:00:00");
        assertThat(JsonPath.<String>read(body, "$.recurrence.duration")).isEqualTo("PT1H");
        assertThat(JsonPath.<String>read(body, "$.startsAt")).isEqualTo("2026-03-01T13:00:00Z");
        assertThat(JsonPath.<String>read(body, "$.state")).isEqualTo("upcoming");
        assertThat(jdbc.sql("SELECT time_zone FROM maintenance_window")
                        .query(String.class)
                        .single())
                .isEqualTo("Europe/Berlin");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            secondly rule     | "rrule":"FREQ=SECONDLY","timeZone":"Europe/Berlin","start":"2026-03-01T14:00:00","duration":"PT1H"   | recurrence.rrule
            missing rule      | "timeZone":"Europe/Berlin","start":"2026-03-01T14:00:00","duration":"PT1H"                             | recurrence.rrule
            odd rule          | "rrule":"FREQ=WEEKLY;BYDAY=6MO","timeZone":"Europe/Berlin","start":"2026-03-01T14:00:00","duration":"PT1H" | recurrence.rrule
            unknown zone      | "rrule":"FREQ=DAILY","timeZone":"Mars/Olympus","start":"2026-03-01T14:00:00","duration":"PT1H"         | recurrence.timeZone
            offset as zone    | "rrule":"FREQ=DAILY","timeZone":"+02:00","start":"2026-03-01T14:00:00","duration":"PT1H"               | recurrence.timeZone
            start with offset | "rrule":"FREQ=DAILY","timeZone":"Europe/Berlin","start":"2026-03-01T14:00:00Z","duration":"PT1H"       | recurrence.start
            too long          | "rrule":"FREQ=DAILY","timeZone":"Europe/Berlin","start":"2026-03-01T14:00:00","duration":"PT25H"       | recurrence.duration
            bad skip          | "rrule":"FREQ=DAILY","timeZone":"Europe/Berlin","start":"2026-03-01T14:00:00","duration":"PT1H","skipped":["2026-03-02T15:00:00"] | recurrence.skipped[0]
            bad series end    | "rrule":"FREQ=DAILY","timeZone":"Europe/Berlin","start":"2026-03-01T14:00:00","duration":"PT1H","endsFrom":"soon" | recurrence.endsFrom
            """)
    void refusesABadRecurrenceNamingTheField(String rule, String recurrence, String field) {
        MvcTestResult result =
                post(WINDOWS, "{\"scope\":\"host\",\"target\":\"h\",\"recurrence\":{" + recurrence + "}}");

        assertThat(result).hasStatus(HttpStatus.BAD_REQUEST).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(JsonPath.<List<String>>read(body(result), "$.errors[*].field"))
                .contains(field);
        assertThat(count("maintenance_window")).isZero();
    }

    @Test
    void refusesStartsAtAndEndsAtBesideARecurrence() {
        MvcTestResult result = post(
                WINDOWS,
                DAILY.replace(
                        "\"reason\"",
                        "\"startsAt\":\"2026-03-01T13:00:00Z\",\"endsAt\":\"2026-03-01T14:00:00Z\",\"reason\""));

        assertThat(result).hasStatus(HttpStatus.BAD_REQUEST);
        assertThat(JsonPath.<List<String>>read(body(result), "$.errors[*].field"))
                .containsExactlyInAnyOrder("startsAt", "endsAt");
    }

    @Test
    void listsOccurrencesInUtcAndLocalTimeAcrossSpringForward() {
        String id = created("""
                {"scope":"host","target":"db-1","recurrence":{"rrule":"FREQ=WEEKLY;BYDAY=SU",
                 "timeZone":"Europe/Berlin","start":"2026-03-22T02:30:00","duration":"PT2H"}}""");

        String body = occurrences(id, "?from=2026-03-22T00:00:00Z&count=2");

        assertThat(JsonPath.<List<String>>read(body, "$[*].startsAt"))
                .containsExactly("2026-03-22T01:30:00Z", "2026-03-29T01:30:00Z");
        assertThat(JsonPath.<List<String>>read(body, "$[*].endsAt"))
                .containsExactly("2026-03-22T03:30:00Z", "2026-03-29T03:30:00Z");
        // 02:30 does not exist on 29 March: it takes the winter offset, 03:30 on the summer clock.
        assertThat(JsonPath.<List<String>>read(body, "$[*].scheduledStart"))
                .containsExactly("2026-03-22T02:30:00", "2026-03-29T02:30:00");
        assertThat(JsonPath.<List<String>>read(body, "$[*].localStart"))
                .containsExactly("2026-03-22T02:30:00+01:00", "2026-03-29T03:30:00+02:00");
        assertThat(JsonPath.<List<String>>read(body, "$[*].localEnd"))
                .containsExactly("2026-03-22T04:30:00+01:00", "2026-03-29T05:30:00+02:00");
    }

    @Test
    void refusesACountAboveTheLimitAndAOneOffWindow() {
        String id = created(DAILY);
        assertThat(get(WINDOWS + "/" + id + "/occurrences?count=1001")).hasStatus(HttpStatus.BAD_REQUEST);
        String oneOff = created("""
                {"scope":"host","target":"h","endsAt":"2026-03-01T13:00:00Z"}""");
        assertThat(get(WINDOWS + "/" + oneOff + "/occurrences")).hasStatus(HttpStatus.CONFLICT);
    }

    @Test
    void theWebhookAnswersTheOccurrenceMergedWithAdjacentWindows() {
        created(DAILY);
        assertThat(webhookReply("http://rec.test")).isEqualTo("ok");

        at("2026-03-01T13:30:00Z");
        assertThat(webhookReply("http://rec.test")).isEqualTo("2026-03-01T14:00:00Z");

        // A one-off window from the occurrence's end chains onto it.
        created("""
                {"scope":"url","target":"http://rec.test","startsAt":"2026-03-01T14:00:00Z","endsAt":"2026-03-01T14:30:00Z"}""");
        assertThat(webhookReply("http://rec.test")).isEqualTo("2026-03-01T14:30:00Z");

        // Summer time: 14:00 in Berlin is 12:00Z.
        at("2026-03-30T12:15:00Z");
        schedule.refresh();
        assertThat(webhookReply("http://rec.test")).isEqualTo("2026-03-30T13:00:00Z");
    }

    @Test
    void theRefreshJobExpandsTheOccurrencesAgainBeforeTheHorizonRunsOut() {
        created(DAILY);

        // Expanded at T0 over max-promise (31 days) and two hours; 40 days on, with no change since,
        // the periodic refresh expands again. Summer time: 14:00 in Berlin is 12:00Z.
        at("2026-04-10T12:30:00Z");
        schedule.refresh();

        assertThat(webhookReply("http://rec.test")).isEqualTo("2026-04-10T13:00:00Z");
    }

    @Test
    void skipsAnOccurrenceAndEndsTheSeriesFromADate() {
        String id = created(DAILY);

        assertThat(post(WINDOWS + "/" + id + "/occurrences/2026-03-02T14:00:00/skip"))
                .hasStatusOk();
        assertThat(post(WINDOWS + "/" + id + "/end?from=2026-03-05T00:00:00Z")).hasStatusOk();

        String body = occurrences(id, "?count=10");
        assertThat(JsonPath.<List<String>>read(body, "$[*].startsAt"))
                .containsExactly("2026-03-01T13:00:00Z", "2026-03-03T13:00:00Z", "2026-03-04T13:00:00Z");
        String window = body(get(WINDOWS + "/" + id));
        assertThat(JsonPath.<List<String>>read(window, "$.recurrence.skipped")).containsExactly("2026-03-02T14:00:00");
        assertThat(JsonPath.<String>read(window, "$.recurrence.endsFrom")).isEqualTo("2026-03-05T00:00:00Z");

        at("2026-03-02T13:30:00Z");
        assertThat(webhookReply("http://rec.test")).isEqualTo("ok");
        at("2026-03-05T13:30:00Z");
        schedule.refresh();
        assertThat(webhookReply("http://rec.test")).isEqualTo("ok");
    }

    @Test
    void refusesToSkipWhatIsNotAnUpcomingOccurrence() {
        String id = created(DAILY);
        assertThat(post(WINDOWS + "/" + id + "/occurrences/2026-03-02T15:00:00/skip"))
                .hasStatus(HttpStatus.BAD_REQUEST)
                .bodyJson()
                .extractingPath("$.errors[0].field")
                .isEqualTo("occurrence");
        assertThat(post(WINDOWS + "/" + id + "/occurrences/tomorrow/skip")).hasStatus(HttpStatus.BAD_REQUEST);
        at("2026-03-01T13:30:00Z");
        assertThat(post(WINDOWS + "/" + id + "/occurrences/2026-03-01T14:00:00/skip"))
                .hasStatus(HttpStatus.CONFLICT);
    }

    @Test
    void endsTheCurrentOccurrenceEarlyWithoutTouchingTheNext() {
        String id = created(DAILY);
        at("2026-03-01T13:30:00Z");
        assertThat(webhookReply("http://rec.test")).isEqualTo("2026-03-01T14:00:00Z");

        assertThat(post(WINDOWS + "/" + id + "/occurrences/2026-03-01T14:00:00/end?confirm=true"))
                .hasStatusOk();

        assertThat(webhookReply("http://rec.test")).isEqualTo("ok");
        String body = occurrences(id, "?from=2026-03-01T13:00:00Z&count=2");
        assertThat(JsonPath.<List<String>>read(body, "$[*].endsAt"))
                .containsExactly("2026-03-01T13:30:00Z", "2026-03-02T14:00:00Z");
        assertThat(JsonPath.<List<Boolean>>read(body, "$[*].endedEarly")).containsExactly(true, false);
        at("2026-03-02T13:30:00Z");
        assertThat(webhookReply("http://rec.test")).isEqualTo("2026-03-02T14:00:00Z");
        // Only an occurrence in progress can be ended early.
        assertThat(post(WINDOWS + "/" + id + "/occurrences/2026-03-03T14:00:00/end"))
                .hasStatus(HttpStatus.CONFLICT);
    }

    @Test
    void aPutReplacesTheRecurrence() {
        String id = created(DAILY);

        MvcTestResult result = mvc.put()
                .uri(WINDOWS + "/" + id)
                .header("Authorization", bearer())
                .contentType(MediaType.APPLICATION_JSON)
                .content(DAILY.replace("FREQ=DAILY", "FREQ=WEEKLY;BYDAY=SU"))
                .exchange();

        assertThat(result).hasStatusOk();
        assertThat(JsonPath.<List<String>>read(occurrences(id, "?count=2"), "$[*].startsAt"))
                .containsExactly("2026-03-01T13:00:00Z", "2026-03-08T13:00:00Z");
    }

    @Test
    void neverPromisesMoreThanTheLongestWindowLength() {
        // Two 20-day windows back to back: a 40-day stretch, answered with now + 31 days.
        created("""
                {"scope":"domain","target":"long.test","startsAt":"2026-03-01T12:00:00Z","endsAt":"2026-03-21T12:00:00Z"}""");
        created("""
                {"scope":"domain","target":"long.test","startsAt":"2026-03-21T12:00:00Z","endsAt":"2026-04-10T12:00:00Z"}""");

        assertThat(webhookReply("http://long.test")).isEqualTo("2026-04-01T12:00:00Z");
        String body = body(get("/api/v1/decision?url=http://long.test"));
        assertThat(JsonPath.<String>read(body, "$.coveredUntil")).isEqualTo("2026-04-01T12:00:00Z");
    }
}
