package dev.downtime.receiver.notifications;

import static org.assertj.core.api.Assertions.assertThat;

import dev.downtime.receiver.PostgresIntegrationTest;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

/** A duplicate is the same check sent again: same URL, ts, code and host, with a ts. */
class NotificationDuplicatesTest extends PostgresIntegrationTest {

    static final String WITHOUT_TS = "{\"url\":\"http:\\/\\/example.com\",\"code\":503,\"host\":\"example\"}";
    /** Checked at the test clock's start, 2026-03-01T12:00:00Z: within the allowed clock skew. */
    static final String WITH_TS =
            "{\"ts\":1772366400,\"url\":\"http:\\/\\/example.com\",\"code\":503,\"host\":\"example\"}";

    @Autowired
    NotificationInserter inserter;

    void createWindowUntil(String endsAt) {
        assertThat(mvc.post()
                        .uri("/api/v1/maintenance-windows")
                        .header("Authorization", bearer())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"scope\":\"domain\",\"target\":\"example.com\",\"endsAt\":\"%s\"}"
                                .formatted(endsAt)))
                .hasStatus(HttpStatus.CREATED);
    }

    @Test
    void answersAndStoresEachNotificationWithoutTsAsANewCheck() {
        assertThat(postWebhook(WITHOUT_TS).body()).isEqualTo("ok");

        clock.advance(Duration.ofHours(3));
        createWindowUntil("2026-03-01T16:00:00Z");

        assertThat(postWebhook(WITHOUT_TS).body()).isEqualTo("2026-03-01T16:00:00Z");
        assertThat(jdbc.sql("SELECT reply FROM notification ORDER BY received_at")
                        .query(String.class)
                        .list())
                .containsExactly("ok", "2026-03-01T16:00:00Z");
    }

    @Test
    void answersADuplicateWithTsAsTheFirstTimeAndStoresItOnce() {
        assertThat(postWebhook(WITH_TS).body()).isEqualTo("ok");

        createWindowUntil("2026-03-01T16:00:00Z");

        assertThat(postWebhook(WITH_TS).body()).isEqualTo("ok");
        assertThat(count("notification")).isEqualTo(1);
    }

    /** ts is compared to the millisecond, whatever form it came in. */
    @Test
    void comparesTsToTheMillisecondWhateverItsForm() {
        String check = "{\"ts\":%s,\"url\":\"http:\\/\\/example.com\",\"code\":503,\"host\":\"example\"}";
        assertThat(postWebhook(check.formatted("1772366400")).body()).isEqualTo("ok");

        createWindowUntil("2026-03-01T16:00:00Z");

        // The same check, sent as a string or with a zero fraction: a duplicate, answered as before.
        assertThat(postWebhook(check.formatted("\"1772366400\"")).body()).isEqualTo("ok");
        assertThat(postWebhook(check.formatted("1772366400.000")).body()).isEqualTo("ok");
        assertThat(postWebhook(check.formatted("\" 1772366400.0004 \"")).body()).isEqualTo("ok");
        // Half a second later is another check, and so is one millisecond later.
        assertThat(postWebhook(check.formatted("1772366400.5")).body()).isEqualTo("2026-03-01T16:00:00Z");
        assertThat(postWebhook(check.formatted("\"1772366400.001\"")).body()).isEqualTo("2026-03-01T16:00:00Z");

        assertThat(jdbc.sql("SELECT ts, ts_ms, raw_ts FROM notification ORDER BY ts_ms")
                        .query((rs, row) -> rs.getLong(1) + " " + rs.getLong(2) + " " + rs.getString(3))
                        .list())
                .containsExactly(
                        "1772366400 1772366400000 1772366400",
                        "1772366400 1772366400001 \"1772366400.001\"",
                        "1772366400 1772366400500 1772366400.5");
    }

    /** The spool's idempotency key is the id, whether or not the notification has a ts. */
    @Test
    void storesAReplayedNotificationWithoutTsOnce() {
        var row = NotificationRecord.of(
                NotificationIds.next(clock.instant()),
                new ReceivedNotification(
                        clock.instant(),
                        null,
                        "example.com",
                        "http://example.com",
                        503,
                        "example",
                        null,
                        "ok",
                        List.of(),
                        "127.0.0.1",
                        false));

        inserter.insert(List.of(row));
        inserter.insert(List.of(row));

        assertThat(count("notification")).isEqualTo(1);
    }
}
