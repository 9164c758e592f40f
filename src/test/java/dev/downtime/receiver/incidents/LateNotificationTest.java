package dev.downtime.receiver.incidents;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

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

    List<String> alerts() {
        return jdbc.sql("SELECT transition FROM alert ORDER BY created_at, transition")
                .query(String.class)
                .list();
    }

    Map<String, Object> onlyIncident() {
        return jdbc.sql("SELECT * FROM incident").query().singleRow();
    }

    Map<String, Object> notificationWithCode(int code) {
        return jdbc.sql("SELECT tracked, incident_id FROM notification WHERE code = :code")
                .param("code", code)
                .query()
                .singleRow();
    }

    @Test
    void aLateFailureOlderThanAFoldedRecoveryOpensNoIncident() {
        notifyAt(2, 200);
        tracker.track();

        notifyAt(1, 503);
        tracker.track();

        assertThat(count("incident")).isZero();
        assertThat(alerts()).isEmpty();
        assertThat(notificationWithCode(503)).containsEntry("tracked", true).containsEntry("incident_id", null);
    }

    @Test
    void aLateFailureGoesToTheClosedIncidentItHappenedInWithoutReopeningIt() {
        notifyAt(0, 503);
        notifyAt(2, 200);
        notifyAt(4, 200);
        tracker.track();
        List<String> alertsBefore = alerts();

        notifyAt(1, 0); // during the incident
        notifyAt(3, 502); // after it closed, before the last recovery folded
        tracker.track();

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
                .containsEntry("tracked", true)
                .containsEntry("incident_id", onlyIncident().get("id"));
        assertThat(notificationWithCode(502)).containsEntry("tracked", true).containsEntry("incident_id", null);
    }

    @Test
    void aLateRecoveryOlderThanTheLastFailureLeavesTheIncidentOpen() {
        notifyAt(0, 503);
        notifyAt(3, 500);
        tracker.track();

        notifyAt(2, 200);
        tracker.track();

        assertThat(onlyIncident())
                .containsEntry("closed_at", null)
                .containsEntry("last_code", 500)
                .containsEntry("last_notified_at", stored(3))
                .containsEntry("notification_count", 3);
        assertThat(onlyIncident().get("next_check_at")).isNotNull();
        assertThat(alerts()).containsExactly("opened");
        assertThat(notificationWithCode(200))
                .containsEntry("incident_id", onlyIncident().get("id"));
    }

    @Test
    void aLateFailureCountsInAnOpenIncidentButIsNotItsLastWord() {
        notifyAt(0, 503);
        notifyAt(3, 502);
        tracker.track();

        notifyAt(1, 0);
        tracker.track();

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
        tracker.track();

        notifyAt(2, 200); // late: the incident stays open...
        notifyAt(5, 204); // ...until this one, received after everything folded
        tracker.track();

        assertThat(onlyIncident())
                .containsEntry("closed_at", stored(5))
                .containsEntry("last_code", 204)
                .containsEntry("notification_count", 4);
        assertThat(alerts()).containsExactly("opened", "recovered");
    }
}
