package dev.downtime.receiver.incidents;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import dev.downtime.receiver.LongUrls;
import dev.downtime.receiver.PostgresIntegrationTest;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A URL at the webhook's limit (4096 bytes of characters PostgreSQL cannot compress) goes through
 * everything that indexes URLs after the notification log: incidents (one open per URL, found by
 * URL) and our own checks of it.
 */
class LongUrlIncidentTest extends PostgresIntegrationTest {

    void notify(String url, int code) {
        assertThat(postWebhook("{\"ts\":" + clock.instant().getEpochSecond() + ",\"url\":\"" + url + "\",\"code\":"
                                + code + "}")
                        .statusCode())
                .isEqualTo(200);
        clock.advance(Duration.ofMinutes(1));
    }

    @Test
    void tracksAnIncidentOfAUrlAtTheLimitAndRecordsItsChecks() {
        String url = LongUrls.ofBytes(4096, 42);

        notify(url, 503);
        notify(url, 500);
        awaitEventsHandled();
        // A second incident of the URL may not open while one is: the unique index holds its digest.
        Map<String, Object> open = jdbc.sql("SELECT id, normalized_url, notification_count, closed_at FROM incident")
                .query()
                .singleRow();
        assertThat(open)
                .containsEntry("normalized_url", url)
                .containsEntry("notification_count", 2)
                .containsEntry("closed_at", null);

        // What the verifier writes for a check of it.
        jdbc.sql("""
                        INSERT INTO verification (id, incident_id, checked_at, url, status, latency_ms)
                        VALUES (:id, :incident, :at, :url, 503, 12)
                        """)
                .param("id", UUID.randomUUID())
                .param("incident", open.get("id"))
                .param("at", OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC))
                .param("url", url)
                .update();

        notify(url, 200);
        awaitEventsHandled();
        assertThat(jdbc.sql("SELECT count(*) FROM incident WHERE closed_at IS NOT NULL")
                        .query(Long.class)
                        .single())
                .isEqualTo(1);
        String found = body(mvc.get()
                .uri("/api/v1/incidents")
                .param("url", url)
                .header("Authorization", bearer())
                .exchange());
        assertThat(JsonPath.<List<String>>read(found, "$.items[*].url")).containsExactly(url);
    }
}
