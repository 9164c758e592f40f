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
import org.springframework.transaction.support.TransactionTemplate;

class IncidentTrackingTest extends PostgresIntegrationTest {

    @Autowired
    OverrunCheck overruns;

    @Autowired
    IncidentFolder folder;

    @Autowired
    dev.downtime.receiver.notifications.NotificationLog notifications;

    @Autowired
    TransactionTemplate transaction;

    void notify(String url, int code) {
        notify(url, code, "example");
    }

    /** Reports a check at the clock's time, then moves the clock a minute on. */
    void notify(String url, int code, String host) {
        assertThat(postWebhook("{\"ts\":" + clock.instant().getEpochSecond() + ",\"url\":\"" + url + "\",\"code\":"
                                + code + ",\"host\":\"" + host + "\"}")
                        .statusCode())
                .isEqualTo(200);
        clock.advance(Duration.ofMinutes(1));
    }

    String get(String uri) {
        return body(mvc.get().uri(uri).header("Authorization", bearer()).exchange());
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
        awaitEventsHandled();

        assertThat(onlyIncident())
                .containsEntry("normalized_url", "http://shop.test")
                .containsEntry("notification_count", 3)
                .containsEntry("first_code", 503)
                .containsEntry("worst_code", 0)
                .containsEntry("last_code", 404)
                .containsEntry("closed_at", null)
                .containsEntry("covered", false);

        notify("http://shop.test", 200);
        awaitEventsHandled();

        assertThat(onlyIncident()).containsEntry("notification_count", 4).containsEntry("last_code", 200);
        assertThat(onlyIncident().get("closed_at")).isNotNull();
        // Its history: the four notifications of its URL from its opening to its close.
        Map<String, Object> incident = onlyIncident();
        assertThat(notifications.ofIncident(
                        "http://shop.test",
                        ((java.sql.Timestamp) incident.get("opened_at")).toInstant(),
                        ((java.sql.Timestamp) incident.get("closed_at")).toInstant(),
                        100))
                .hasSize(4);
    }

    @Test
    void opensANewIncidentAfterARecoveryAndIgnoresRecoveriesWithoutOne() {
        notify("http://flaky.test", 200);
        notify("http://flaky.test", 502);
        notify("http://flaky.test", 200);
        notify("http://flaky.test", 500);
        awaitEventsHandled();

        assertThat(jdbc.sql("SELECT count(*) FROM incident").query(Long.class).single())
                .isEqualTo(2);
        assertThat(jdbc.sql("SELECT count(*) FROM incident WHERE closed_at IS NULL")
                        .query(Long.class)
                        .single())
                .isEqualTo(1);
    }

    @Test
    void takesTheIdOfTheNotificationThatOpenedItSoThatIdsFollowTime() {
        notify("http://first.test", 503);
        notify("http://second.test", 503);
        notify("http://first.test", 500);
        awaitEventsHandled();

        List<UUID> opening = jdbc.sql("""
                        SELECT DISTINCT ON (normalized_url) id FROM notification
                         ORDER BY normalized_url, received_at
                        """).query(UUID.class).list();
        List<UUID> incidents = jdbc.sql("SELECT id FROM incident ORDER BY opened_at")
                .query(UUID.class)
                .list();
        assertThat(incidents).containsExactlyInAnyOrderElementsOf(opening);
        // Time-ordered: the later incident sorts after the earlier one, as PostgreSQL compares uuids.
        assertThat(jdbc.sql("SELECT bool_and(a.id < b.id) FROM incident a, incident b WHERE a.opened_at < b.opened_at")
                        .query(Boolean.class)
                        .single())
                .isTrue();
    }

    @Test
    void knowsWhichMaintenanceCoveredItAndFlagsAWindowEndingWhileStillDown() {
        UUID window = insertWindow("*.covered.test", Duration.ofMinutes(5));
        notify("http://www.covered.test", 503);
        awaitEventsHandled();

        assertThat(onlyIncident()).containsEntry("covered", true);
        assertThat(jdbc.sql("SELECT covering_window_ids FROM incident")
                        .query((rs, row) -> (UUID[]) rs.getArray(1).getArray())
                        .single())
                .containsExactly(window);

        overruns.flagOverruns();
        assertThat(onlyIncident().get("maintenance_overran_at")).isNull();

        clock.advance(Duration.ofMinutes(5));
        overruns.flagOverruns();
        assertThat(onlyIncident().get("maintenance_overran_at")).isNotNull();
    }

    /** A batch handed over again (after a crash, or a retry of its publication) changes nothing. */
    @Test
    void foldsABatchHandedOverAgainOnlyOnce() {
        UUID batch = UUID.randomUUID();
        List<TrackedNotification> notifications = List.of(
                new TrackedNotification(
                        UUID.randomUUID(), clock.instant(), "http://again.test", 503, "example", List.of(), false),
                new TrackedNotification(
                        UUID.randomUUID(),
                        clock.instant().plusSeconds(1),
                        "http://again.test",
                        500,
                        null,
                        List.of(),
                        false));

        transaction.executeWithoutResult(status -> folder.fold(Map.of(batch, notifications)));
        transaction.executeWithoutResult(status -> folder.fold(Map.of(batch, notifications)));

        assertThat(onlyIncident()).containsEntry("notification_count", 2).containsEntry("last_code", 500);
    }

    @Test
    void foldsEachNotificationOnlyOnce() {
        notify("http://a.test", 503);
        awaitEventsHandled();
        awaitEventsHandled();

        assertThat(onlyIncident()).containsEntry("notification_count", 1);
    }

    @Test
    void listsAndShowsIncidentsWithTheirNotifications() {
        notify("http://one.test", 503);
        notify("http://two.test", 500);
        notify("http://two.test", 200);
        awaitEventsHandled();

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

    @Test
    void listsIncidentsOpenedSinceAnInstant() {
        notify("http://first.test", 503); // opened at T0
        notify("http://second.test", 503); // T0 + 1 min
        notify("http://third.test", 503); // T0 + 2 min
        awaitEventsHandled();

        String since = get("/api/v1/incidents?since=2026-03-01T12:01:00Z");

        assertThat(JsonPath.<List<String>>read(since, "$.items[*].url"))
                .containsExactly("http://third.test", "http://second.test");
        assertThat(JsonPath.<Integer>read(since, "$.totalItems")).isEqualTo(2);
        assertThat(mvc.get().uri("/api/v1/incidents?since=yesterday").header("Authorization", bearer()))
                .hasStatus(HttpStatus.BAD_REQUEST);
    }

    @Test
    void pagesThroughIncidentsNewestFirst() {
        for (int i = 1; i <= 5; i++) {
            notify("http://site" + i + ".test", 503);
        }
        awaitEventsHandled();

        String first = get("/api/v1/incidents?page=0&size=2");
        String last = get("/api/v1/incidents?page=2&size=2");

        assertThat(JsonPath.<List<String>>read(first, "$.items[*].url"))
                .containsExactly("http://site5.test", "http://site4.test");
        assertThat(JsonPath.<List<String>>read(get("/api/v1/incidents?page=1&size=2"), "$.items[*].url"))
                .containsExactly("http://site3.test", "http://site2.test");
        assertThat(JsonPath.<List<String>>read(last, "$.items[*].url")).containsExactly("http://site1.test");
        assertThat(JsonPath.<Integer>read(first, "$.totalItems")).isEqualTo(5);
        assertThat(JsonPath.<Integer>read(first, "$.totalPages")).isEqualTo(3);
        assertThat(JsonPath.<List<Object>>read(get("/api/v1/incidents?page=3&size=2"), "$.items"))
                .isEmpty();
        assertThat(mvc.get().uri("/api/v1/incidents?size=201").header("Authorization", bearer()))
                .hasStatus(HttpStatus.BAD_REQUEST);
        assertThat(mvc.get().uri("/api/v1/incidents?page=-1").header("Authorization", bearer()))
                .hasStatus(HttpStatus.BAD_REQUEST);
    }

    /** One URL down for two host slugs at different times, and another URL of the first slug. */
    @Test
    void filtersByHostSlugAloneWhateverTheUrl() {
        notify("http://shared.test", 503, "alpha");
        notify("http://shared.test", 200, "alpha");
        notify("http://shared.test", 502, "beta");
        notify("http://only-alpha.test", 500, "Alpha");
        awaitEventsHandled();

        String alpha = get("/api/v1/incidents?host=ALPHA");
        String beta = get("/api/v1/incidents?host=beta");

        assertThat(JsonPath.<List<String>>read(alpha, "$.items[*].url"))
                .containsExactly("http://only-alpha.test", "http://shared.test");
        assertThat(JsonPath.<List<Integer>>read(alpha, "$.items[*].firstCode")).containsExactly(500, 503);
        assertThat(JsonPath.<List<String>>read(beta, "$.items[*].url")).containsExactly("http://shared.test");
        assertThat(JsonPath.<List<Integer>>read(beta, "$.items[*].firstCode")).containsExactly(502);
        assertThat(JsonPath.<List<Object>>read(get("/api/v1/incidents?host=gamma"), "$.items"))
                .isEmpty();
    }

    @Test
    void showsOurOwnChecksTheVerdictAndAnOverrunMaintenanceInTheDetail() {
        UUID window = insertWindow("watched.test", Duration.ofMinutes(5));
        notify("http://watched.test", 503);
        awaitEventsHandled();
        String id = jdbc.sql("SELECT id FROM incident").query(String.class).single();
        // What the verifier records (its own tests cover how): one check, and the verdict from it.
        jdbc.sql("""
                        INSERT INTO verification (id, incident_id, checked_at, url, method, status, latency_ms,
                                                  error, detail)
                        VALUES (:id, :incident, :at, 'http://watched.test', 'HEAD', NULL, 10000, 'timeout',
                                'no answer within PT10S')
                        """)
                .param("id", UUID.randomUUID())
                .param("incident", UUID.fromString(id))
                .param("at", OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC))
                .update();
        jdbc.sql("UPDATE incident SET verdict = 'confirmed'").update();
        clock.advance(Duration.ofMinutes(5));
        overruns.flagOverruns();

        String detail = get("/api/v1/incidents/" + id);

        assertThat(JsonPath.<String>read(detail, "$.incident.verdict")).isEqualTo("confirmed");
        assertThat(JsonPath.<Boolean>read(detail, "$.incident.covered")).isTrue();
        assertThat(JsonPath.<List<String>>read(detail, "$.incident.coveringWindowIds"))
                .containsExactly(window.toString());
        assertThat(JsonPath.<String>read(detail, "$.incident.maintenanceOverranAt"))
                .isEqualTo("2026-03-01T12:06:00Z");
        assertThat(JsonPath.<String>read(detail, "$.incident.upFromOurSideAt")).isNull();
        assertThat(JsonPath.<List<Object>>read(detail, "$.verifications")).hasSize(1);
        assertThat(JsonPath.<String>read(detail, "$.verifications[0].checkedAt"))
                .isEqualTo("2026-03-01T12:01:00Z");
        assertThat(JsonPath.<String>read(detail, "$.verifications[0].method")).isEqualTo("HEAD");
        assertThat(JsonPath.<Object>read(detail, "$.verifications[0].status")).isNull();
        assertThat(JsonPath.<Integer>read(detail, "$.verifications[0].latencyMs"))
                .isEqualTo(10000);
        assertThat(JsonPath.<String>read(detail, "$.verifications[0].error")).isEqualTo("timeout");
        assertThat(JsonPath.<String>read(detail, "$.verifications[0].detail")).isEqualTo("no answer within PT10S");
    }

    @Test
    void showsTheLatestTwoHundredNotificationsOfAnIncident() {
        for (int i = 0; i < 201; i++) {
            notify("http://noisy.test", 500 + i % 4);
        }
        awaitEventsHandled();
        String id = jdbc.sql("SELECT id FROM incident").query(String.class).single();

        String detail = get("/api/v1/incidents/" + id);

        assertThat(JsonPath.<Integer>read(detail, "$.incident.notificationCount"))
                .isEqualTo(201);
        assertThat(JsonPath.<List<Object>>read(detail, "$.notifications")).hasSize(200);
        // Newest first: the very first notification (at T0) is the one left out.
        assertThat(JsonPath.<String>read(detail, "$.notifications[199].receivedAt"))
                .isEqualTo("2026-03-01T12:01:00Z");
    }
}
