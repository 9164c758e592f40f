package dev.downtime.receiver.incidents;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import dev.downtime.receiver.PostgresIntegrationTest;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;

class IncidentTrackingTest extends PostgresIntegrationTest {

    @Autowired
    IncidentTracker tracker;

    void notify(String url, int code) {
        assertThat(postWebhook("{\"ts\":" + clock.instant().getEpochSecond() + ",\"url\":\"" + url + "\",\"code\":"
                                + code + ",\"host\":\"example\"}")
                        .statusCode())
                .isEqualTo(200);
        clock.advance(Duration.ofMinutes(1));
    }

    UUID insertWindow(String target, Duration length) {
        UUID id = UUID.randomUUID();
        var now = OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
        jdbc.sql("""
                        INSERT INTO maintenance_window (id, scope, target, starts_at, ends_at, created_by, created_at, updated_at)
                        VALUES (:id, 'domain', :target, :now, :endsAt, 'sql', :now, :now)
                        """)
                .param("id", id)
                .param("target", target)
                .param("now", now)
                .param("endsAt", now.plus(length))
                .update();
        schedule.refresh();
        return id;
    }

    Map<String, Object> onlyIncident() {
        return jdbc.sql("SELECT * FROM incident").query().singleRow();
    }

    @Test
    void opensOnTheFirstFailureUpdatesOnLaterOnesAndClosesOnARecovery() {
        notify("http://shop.test/", 503);
        notify("shop.test", 0);
        notify("http://SHOP.test", 404);
        tracker.track();

        assertThat(onlyIncident())
                .containsEntry("normalized_url", "http://shop.test")
                .containsEntry("notification_count", 3)
                .containsEntry("first_code", 503)
                .containsEntry("worst_code", 0)
                .containsEntry("last_code", 404)
                .containsEntry("closed_at", null)
                .containsEntry("covered", false);

        notify("http://shop.test", 200);
        tracker.track();

        assertThat(onlyIncident()).containsEntry("notification_count", 4).containsEntry("last_code", 200);
        assertThat(onlyIncident().get("closed_at")).isNotNull();
        assertThat(jdbc.sql("SELECT count(*) FROM notification WHERE incident_id IS NOT NULL AND tracked")
                        .query(Long.class)
                        .single())
                .isEqualTo(4);
    }

    @Test
    void opensANewIncidentAfterARecoveryAndIgnoresRecoveriesWithoutOne() {
        notify("http://flaky.test", 200);
        notify("http://flaky.test", 502);
        notify("http://flaky.test", 200);
        notify("http://flaky.test", 500);
        tracker.track();

        assertThat(jdbc.sql("SELECT count(*) FROM incident").query(Long.class).single())
                .isEqualTo(2);
        assertThat(jdbc.sql("SELECT count(*) FROM incident WHERE closed_at IS NULL")
                        .query(Long.class)
                        .single())
                .isEqualTo(1);
    }

    @Test
    void knowsWhichMaintenanceCoveredItAndFlagsAWindowEndingWhileStillDown() {
        UUID window = insertWindow("*.covered.test", Duration.ofMinutes(5));
        notify("http://www.covered.test", 503);
        tracker.track();

        assertThat(onlyIncident()).containsEntry("covered", true);
        assertThat(jdbc.sql("SELECT covering_window_ids FROM incident")
                        .query((rs, row) -> (UUID[]) rs.getArray(1).getArray())
                        .single())
                .containsExactly(window);

        tracker.flagOverruns();
        assertThat(onlyIncident().get("maintenance_overran_at")).isNull();

        clock.advance(Duration.ofMinutes(5));
        tracker.flagOverruns();
        assertThat(onlyIncident().get("maintenance_overran_at")).isNotNull();
    }

    @Test
    void foldsEachNotificationOnlyOnce() {
        notify("http://a.test", 503);
        tracker.track();
        tracker.track();

        assertThat(onlyIncident()).containsEntry("notification_count", 1);
    }

    @Test
    void listsAndShowsIncidentsWithTheirNotifications() {
        notify("http://one.test", 503);
        notify("http://two.test", 500);
        notify("http://two.test", 200);
        tracker.track();

        String open = body(mvc.get()
                .uri("/api/v1/incidents?state=open")
                .header("Authorization", bearer())
                .exchange());
        String closed = body(mvc.get()
                .uri("/api/v1/incidents?state=closed")
                .header("Authorization", bearer())
                .exchange());
        String byUrl = body(mvc.get()
                .uri("/api/v1/incidents?url=TWO.test/&host=EXAMPLE")
                .header("Authorization", bearer())
                .exchange());

        assertThat(JsonPath.<List<String>>read(open, "$.items[*].url")).containsExactly("http://one.test");
        assertThat(JsonPath.<List<String>>read(closed, "$.items[*].url")).containsExactly("http://two.test");
        assertThat(JsonPath.<List<String>>read(byUrl, "$.items[*].state")).containsExactly("closed");
        String id = JsonPath.read(closed, "$.items[0].id");

        String detail = body(mvc.get()
                .uri("/api/v1/incidents/" + id)
                .header("Authorization", bearer())
                .exchange());

        assertThat(JsonPath.<List<Integer>>read(detail, "$.notifications[*].code"))
                .containsExactly(200, 500);
        assertThat(JsonPath.<List<Object>>read(detail, "$.verifications")).isEmpty();
        assertThat(JsonPath.<String>read(detail, "$.incident.verdict")).isEqualTo("pending");
        assertThat(mvc.get().uri("/api/v1/incidents/" + UUID.randomUUID()).header("Authorization", bearer()))
                .hasStatus(HttpStatus.NOT_FOUND);
        assertThat(mvc.get().uri("/api/v1/incidents?state=maybe").header("Authorization", bearer()))
                .hasStatus(HttpStatus.BAD_REQUEST);
    }
}
