package dev.downtime.receiver.incidents;

import static org.assertj.core.api.Assertions.assertThat;

import dev.downtime.receiver.IntegrationTest;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

/** When an incident is flagged, and alerted, for maintenance that ended while the site was still down. */
class MaintenanceOverrunTest extends TrackerWithAlertsTest {

    /** A window from T0 for that long. */
    UUID window(String target, int minutes) {
        UUID id = UUID.randomUUID();
        jdbc.sql("""
                        INSERT INTO maintenance_window (id, scope, target, starts_at, ends_at, created_by, created_at, updated_at)
                        VALUES (:id, 'domain', :target, :startsAt, :endsAt, 'sql', :startsAt, :startsAt)
                        """)
                .param("id", id)
                .param("target", target)
                .param("startsAt", OffsetDateTime.ofInstant(IntegrationTest.T0, ZoneOffset.UTC))
                .param("endsAt", OffsetDateTime.ofInstant(at(minutes), ZoneOffset.UTC))
                .update();
        schedule.refresh();
        return id;
    }

    /** The overrun check, run at that minute, and the alerts it calls for raised. */
    void flagOverrunsAt(int minute) {
        clock.set(at(minute));
        overruns.flagOverruns();
        awaitEventsHandled();
    }

    boolean flagged() {
        return jdbc.sql("SELECT maintenance_overran_at IS NOT NULL FROM incident")
                .query(Boolean.class)
                .single();
    }

    /** The sites an alert group holds down from the end of their maintenance, not from their outage's start. */
    List<String> overrunAlerts() {
        return jdbc.sql("SELECT url FROM alert_group_site WHERE alerting_since > down_since")
                .query(String.class)
                .list();
    }

    @Test
    void anIncidentThatRecoveredBeforeItsWindowEndedIsNotFlagged() {
        window("back.test", 10);
        notifyAt(1, "http://back.test", 503);
        notifyAt(2, "http://back.test", 200);
        awaitEventsHandled();

        flagOverrunsAt(11);

        assertThat(jdbc.sql("SELECT covered AND closed_at IS NOT NULL FROM incident")
                        .query(Boolean.class)
                        .single())
                .isTrue();
        assertThat(flagged()).isFalse();
        assertThat(overrunAlerts()).isEmpty();
    }

    @Test
    void anIncidentIsNotFlaggedWhileAnotherCoveringWindowIsStillActive() {
        window("*.two.test", 5);
        window("www.two.test", 30);
        notifyAt(1, "http://www.two.test", 503);
        awaitEventsHandled();
        assertThat(jdbc.sql("SELECT cardinality(covering_window_ids) FROM incident")
                        .query(Integer.class)
                        .single())
                .isEqualTo(2);

        flagOverrunsAt(6);

        assertThat(flagged()).isFalse();
        assertThat(overrunAlerts()).isEmpty();

        flagOverrunsAt(30);

        assertThat(flagged()).isTrue();
        assertThat(overrunAlerts()).hasSize(1);
    }

    @Test
    void aWindowEndedEarlyThroughTheApiWhileTheSiteIsDownFlagsTheIncident() {
        UUID window = window("early.test", 60);
        notifyAt(1, "http://early.test", 503);
        awaitEventsHandled();

        clock.set(at(5));
        assertThat(mvc.post()
                        .uri("/api/v1/maintenance-windows/" + window + "/end?confirm=true")
                        .header("Authorization", bearer()))
                .hasStatus(HttpStatus.OK);
        flagOverrunsAt(6);

        assertThat(flagged()).isTrue();
        assertThat(jdbc.sql("SELECT maintenance_overran_at FROM incident")
                        .query(OffsetDateTime.class)
                        .single()
                        .toInstant())
                .isEqualTo(at(6));
        assertThat(overrunAlerts()).hasSize(1);
    }

    @Test
    void anOccurrenceEndedEarlyWhileTheSiteIsDownFlagsTheIncidentOnce() {
        // Daily 14:00-15:00 Berlin time: 13:00Z-14:00Z, minutes 60 to 120 after T0.
        String created = mvc.post()
                .uri("/api/v1/maintenance-windows")
                .header("Authorization", bearer())
                .contentType(MediaType.APPLICATION_JSON)
                .content("""
                        {"scope":"domain","target":"daily.test","recurrence":{"rrule":"FREQ=DAILY",
                         "timeZone":"Europe/Berlin","start":"2026-03-01T14:00:00","duration":"PT1H"}}""")
                .exchange()
                .getResponse()
                .getHeader("Location");
        notifyAt(61, "http://daily.test", 503);
        flagOverrunsAt(65);
        assertThat(flagged()).isFalse();

        clock.set(at(70));
        assertThat(mvc.post()
                        .uri(created + "/occurrences/2026-03-01T14:00:00/end?confirm=true")
                        .header("Authorization", bearer()))
                .hasStatus(HttpStatus.OK);
        flagOverrunsAt(71);
        flagOverrunsAt(72);

        // The series goes on (tomorrow's occurrence is untouched), but nothing covers the site now.
        assertThat(flagged()).isTrue();
        assertThat(overrunAlerts()).containsExactly("http://daily.test");
    }

    @Test
    void aWindowShortenedWhileTheSiteIsDownFlagsTheIncidentOnceItsNewEndPasses() {
        UUID window = window("short.test", 60);
        notifyAt(1, "http://short.test", 503);

        clock.set(at(5));
        assertThat(mvc.put()
                        .uri("/api/v1/maintenance-windows/" + window + "?confirm=true")
                        .header("Authorization", bearer())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"scope\":\"domain\",\"target\":\"short.test\",\"endsAt\":\"" + at(20) + "\"}"))
                .hasStatus(HttpStatus.OK);
        flagOverrunsAt(19);
        assertThat(flagged()).isFalse();

        flagOverrunsAt(20);
        flagOverrunsAt(21);
        assertThat(flagged()).isTrue();
        assertThat(overrunAlerts()).containsExactly("http://short.test");
    }
}
