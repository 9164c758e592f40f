package dev.downtime.receiver.incidents;

import static org.assertj.core.api.Assertions.assertThat;

import dev.downtime.receiver.notifications.NotificationLog;
import java.sql.Timestamp;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Notifications committed after newer ones of their URL were folded (replayed from the spool, or
 * held up by a slow commit): kept in the history, but never opening, closing or re-stating an
 * incident, and never alerting.
 */
class LateNotificationTest extends TrackerWithAlertsTest {

    static final String URL = "http://late.test";

    /** As JDBC reads a timestamptz column back. */
    static Timestamp stored(int minutes) {
        return Timestamp.from(at(minutes));
    }

    void notifyAt(int minute, int code) {
        notifyAt(minute, URL, code);
    }

    /** What the alert groups were told of the site: its outage ({@code opened}), its recovery. */
    List<String> alerts() {
        return jdbc.sql("SELECT back_at IS NOT NULL FROM alert_group_site").query(Boolean.class).list().stream()
                .flatMap(back -> back ? Stream.of("opened", "recovered") : Stream.of("opened"))
                .toList();
    }

    Map<String, Object> onlyIncident() {
        return jdbc.sql("SELECT * FROM incident").query().singleRow();
    }

    @Autowired
    NotificationLog notifications;

    /**
     * The notification with that code, and the incident whose history holds it (null when none),
     * as the incident's page shows them.
     */
    Map<String, Object> notificationWithCode(int code) {
        UUID id = jdbc.sql("SELECT id FROM notification WHERE code = :code")
                .param("code", code)
                .query(UUID.class)
                .single();
        Object holder = null;
        for (Map<String, Object> incident : jdbc.sql("SELECT id, normalized_url, opened_at, closed_at FROM incident")
                .query()
                .listOfRows()) {
            Timestamp closed = (Timestamp) incident.get("closed_at");
            boolean holds = notifications
                    .ofIncident(
                            (String) incident.get("normalized_url"),
                            ((Timestamp) incident.get("opened_at")).toInstant(),
                            closed == null ? null : closed.toInstant(),
                            1_000)
                    .stream()
                    .anyMatch(entry -> entry.id().equals(id));
            if (holds) {
                assertThat(holder).as("one incident at most").isNull();
                holder = incident.get("id");
            }
        }
        Map<String, Object> row = new HashMap<>();
        row.put("id", id);
        row.put("incident_id", holder);
        return row;
    }

    @Test
    void aLateFailureOlderThanAFoldedRecoveryOpensNoIncident() {
        notifyAt(2, 200);
        awaitEventsHandled();

        notifyAt(1, 503);
        awaitEventsHandled();

        assertThat(count("incident")).isZero();
        assertThat(alerts()).isEmpty();
        assertThat(notificationWithCode(503)).containsEntry("incident_id", null);
    }

    @Test
    void aLateFailureGoesToTheClosedIncidentItHappenedInWithoutReopeningIt() {
        notifyAt(0, 503);
        notifyAt(2, 200);
        notifyAt(4, 200);
        awaitEventsHandled();
        List<String> alertsBefore = alerts();

        notifyAt(1, 0); // during the incident
        notifyAt(3, 502); // after it closed, before the last recovery folded
        awaitEventsHandled();

        assertThat(count("incident")).isEqualTo(1);
        assertThat(onlyIncident())
                .containsEntry("closed_at", stored(2))
                .containsEntry("last_notified_at", stored(2))
                .containsEntry("last_code", 200)
                .containsEntry("first_code", 503)
                .containsEntry("worst_code", 0)
                .containsEntry("notification_count", 3);
        assertThat(alertsBefore).containsExactly("opened", "recovered");
        assertThat(alerts()).isEqualTo(alertsBefore);
        assertThat(notificationWithCode(0))
                .containsEntry("incident_id", onlyIncident().get("id"));
        assertThat(notificationWithCode(502)).containsEntry("incident_id", null);
    }

    @Test
    void aLateRecoveryOlderThanTheLastFailureLeavesTheIncidentOpen() {
        notifyAt(0, 503);
        notifyAt(3, 500);
        awaitEventsHandled();

        notifyAt(2, 200);
        awaitEventsHandled();

        assertThat(onlyIncident())
                .containsEntry("closed_at", null)
                .containsEntry("last_code", 500)
                .containsEntry("last_notified_at", stored(3))
                .containsEntry("notification_count", 3);
        // Still checked from our side: it is in verification's queue, due.
        assertThat(jdbc.sql("SELECT next_check_at IS NOT NULL FROM verification_due WHERE incident_id = :id")
                        .param("id", onlyIncident().get("id"))
                        .query(Boolean.class)
                        .single())
                .isTrue();
        assertThat(alerts()).containsExactly("opened");
        assertThat(notificationWithCode(200))
                .containsEntry("incident_id", onlyIncident().get("id"));
    }

    @Test
    void aLateFailureCountsInAnOpenIncidentButIsNotItsLastWord() {
        notifyAt(0, 503);
        notifyAt(3, 502);
        awaitEventsHandled();

        notifyAt(1, 0);
        awaitEventsHandled();

        assertThat(onlyIncident())
                .containsEntry("last_code", 502)
                .containsEntry("worst_code", 0)
                .containsEntry("last_notified_at", stored(3))
                .containsEntry("notification_count", 3);
        assertThat(alerts()).containsExactly("opened");
    }

    @Test
    void foldsLateAndTimelyNotificationsOfOneBatchEachByItsOwnRule() {
        notifyAt(0, 503);
        notifyAt(3, 502);
        awaitEventsHandled();

        // Committed together, as one batch: the late one first, as the writer would have it.
        foldTogether(notification(2, 200), notification(5, 204)); // late: the incident stays open until 5

        assertThat(onlyIncident())
                .containsEntry("closed_at", stored(5))
                .containsEntry("last_code", 204)
                .containsEntry("notification_count", 4);
        assertThat(alerts()).containsExactly("opened", "recovered");
    }
}
