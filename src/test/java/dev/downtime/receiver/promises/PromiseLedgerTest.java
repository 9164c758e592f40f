package dev.downtime.receiver.promises;

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
 * Every instant the webhook answers is a promise: kept in the ledger (newest per URL), listed by
 * the API, and guarded: a change to a window that active promises count on is refused (409, with
 * the promises) unless confirmed, and a confirmed one is audited with the count. The clock starts
 * at 1 March 2026, 12:00Z.
 */
class PromiseLedgerTest extends PostgresIntegrationTest {

    static final String WINDOWS = "/api/v1/maintenance-windows";

    MvcTestResult send(String method, String uri, String json) {
        var request = switch (method) {
            case "PUT" -> mvc.put().uri(uri);
            case "DELETE" -> mvc.delete().uri(uri);
            default -> mvc.post().uri(uri);
        };
        return request.header("Authorization", bearer())
                .contentType(MediaType.APPLICATION_JSON)
                .content(json)
                .exchange();
    }

    String created(String json) {
        MvcTestResult result = send("POST", WINDOWS, json);
        assertThat(result).hasStatus(HttpStatus.CREATED);
        return JsonPath.read(body(result), "$.id");
    }

    String window(String target, String startsAt, String endsAt) {
        return created("""
                {"scope":"domain","target":"%s","startsAt":"%s","endsAt":"%s"}""".formatted(target, startsAt, endsAt));
    }

    /** Monitor reports a failed check of the URL now; the ledger has recorded the answer on return. */
    String check(String url, int code) {
        String reply =
                postWebhook("{\"url\":\"" + url + "\",\"code\":" + code + "}").body();
        awaitEventsHandled();
        return reply;
    }

    String promises(String query) {
        MvcTestResult result = mvc.get()
                .uri("/api/v1/promises" + query)
                .header("Authorization", bearer())
                .exchange();
        assertThat(result).hasStatusOk();
        return body(result);
    }

    List<String> auditActions(String id) {
        return jdbc.sql("SELECT action FROM audit_event WHERE subject_id = :id::uuid ORDER BY occurred_at, action")
                .param("id", id)
                .query(String.class)
                .list();
    }

    void at(String instant) {
        clock.set(Instant.parse(instant));
    }

    @Test
    void recordsTheNewestPromiseOfEachUrlWithTheWindowsBehindIt() {
        String id = window("p.test", "2026-03-01T12:00:00Z", "2026-03-01T14:00:00Z");
        check("http://a.p.test", 503);
        at("2026-03-01T12:10:00Z");
        assertThat(check("http://p.test", 503)).isEqualTo("2026-03-01T14:00:00Z");
        at("2026-03-01T12:20:00Z");
        check("http://p.test", 500);

        String body = promises("?active=true&url=P.test/");

        assertThat(JsonPath.<List<String>>read(body, "$.items[*].url")).containsExactly("http://p.test");
        assertThat(JsonPath.<List<String>>read(body, "$.items[*].promisedUntil"))
                .containsExactly("2026-03-01T14:00:00Z");
        assertThat(JsonPath.<List<String>>read(body, "$.items[*].toldAt")).containsExactly("2026-03-01T12:20:00Z");
        assertThat(JsonPath.<List<String>>read(body, "$.items[0].windowIds")).containsExactly(id);
        // "ok" answers add nothing to the ledger.
        assertThat(count("promise")).isEqualTo(1);
    }

    @Test
    void aLaterOkReplacesThePromiseAndAnExpiredOneIsNoLongerActive() {
        window("p.test", "2026-03-01T12:00:00Z", "2026-03-01T14:00:00Z");
        check("http://p.test", 503);
        assertThat(JsonPath.<Integer>read(promises("?active=true"), "$.totalItems"))
                .isEqualTo(1);

        at("2026-03-01T14:00:00Z");
        assertThat(JsonPath.<Integer>read(promises("?active=true"), "$.totalItems"))
                .isZero();
        assertThat(JsonPath.<Integer>read(promises(""), "$.totalItems")).isEqualTo(1);

        at("2026-03-01T12:30:00Z");
        check("http://p.test", 200);
        assertThat(JsonPath.<Integer>read(promises(""), "$.totalItems")).isZero();
    }

    @Test
    void refusesABadUrlFilter() {
        assertThat(mvc.get().uri("/api/v1/promises?url=ftp://x").header("Authorization", bearer()))
                .hasStatus(HttpStatus.BAD_REQUEST);
    }

    @Test
    void endingAWindowThatActivePromisesCountOnNeedsConfirmation() {
        String id = window("p.test", "2026-03-01T12:00:00Z", "2026-03-01T14:00:00Z");
        check("http://p.test", 503);
        check("http://www.p.test", 503);
        at("2026-03-01T12:30:00Z");

        MvcTestResult refused = send("POST", WINDOWS + "/" + id + "/end", "");

        assertThat(refused).hasStatus(HttpStatus.CONFLICT).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
        String problem = body(refused);
        assertThat(JsonPath.<Integer>read(problem, "$.count")).isEqualTo(1);
        assertThat(JsonPath.<List<String>>read(problem, "$.promises[*].url")).containsExactly("http://p.test");
        assertThat(JsonPath.<List<String>>read(problem, "$.promises[*].promisedUntil"))
                .containsExactly("2026-03-01T14:00:00Z");
        assertThat(jdbc.sql("SELECT ended_at IS NULL FROM maintenance_window")
                        .query(Boolean.class)
                        .single())
                .isTrue();

        assertThat(send("POST", WINDOWS + "/" + id + "/end?confirm=true", "")).hasStatusOk();
        assertThat(auditActions(id)).contains("window.ended", "window.promises-cut-short");
        assertThat(jdbc.sql("""
                        SELECT after ->> 'promisesCutShort' FROM audit_event
                         WHERE action = 'window.promises-cut-short' AND subject_id = :id::uuid
                        """).param("id", id).query(String.class).single()).isEqualTo("1");
    }

    @Test
    void shorteningOrDeletingAWindowIsGuardedAndLengtheningIsNot() {
        String id = window("p.test", "2026-03-01T12:00:00Z", "2026-03-01T14:00:00Z");
        check("http://p.test", 503);

        String shorter = """
                {"scope":"domain","target":"p.test","endsAt":"2026-03-01T13:00:00Z"}""";
        assertThat(send("PUT", WINDOWS + "/" + id, shorter)).hasStatus(HttpStatus.CONFLICT);
        String longer = """
                {"scope":"domain","target":"p.test","endsAt":"2026-03-01T15:00:00Z"}""";
        assertThat(send("PUT", WINDOWS + "/" + id, longer)).hasStatusOk();

        // An upcoming window, promised through a chain with the active one.
        String next = window("p.test", "2026-03-01T15:00:00Z", "2026-03-01T16:00:00Z");
        at("2026-03-01T12:05:00Z");
        assertThat(check("http://p.test", 503)).isEqualTo("2026-03-01T16:00:00Z");
        assertThat(send("DELETE", WINDOWS + "/" + next, "")).hasStatus(HttpStatus.CONFLICT);
        assertThat(send("DELETE", WINDOWS + "/" + next + "?confirm=true", "")).hasStatus(HttpStatus.NO_CONTENT);
    }

    @Test
    void aChangeAfterEveryPromiseRunsOutNeedsNoConfirmation() {
        String daily = created("""
                {"scope":"domain","target":"r.test","recurrence":{"rrule":"FREQ=DAILY","timeZone":"Europe/Berlin",
                 "start":"2026-03-01T14:00:00","duration":"PT1H"}}""");
        at("2026-03-01T13:30:00Z");
        assertThat(check("http://r.test", 503)).isEqualTo("2026-03-01T14:00:00Z");

        // Tomorrow's occurrence is not what Monitor was promised; today's is.
        assertThat(send("POST", WINDOWS + "/" + daily + "/occurrences/2026-03-02T14:00:00/skip", ""))
                .hasStatusOk();
        assertThat(send("POST", WINDOWS + "/" + daily + "/end?from=2026-03-05T00:00:00Z", ""))
                .hasStatusOk();
        assertThat(send("POST", WINDOWS + "/" + daily + "/occurrences/2026-03-01T14:00:00/end", ""))
                .hasStatus(HttpStatus.CONFLICT);
        assertThat(auditActions(daily)).doesNotContain("window.promises-cut-short");
    }
}
