package dev.downtime.receiver.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.downtime.receiver.PostgresIntegrationTest;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

/** Which closed incidents get a recovery alert, and on which channels, in each mode. */
class RecoveryAlertsTest extends PostgresIntegrationTest {

    @Autowired
    TransactionTemplate transaction;

    UUID alerted;
    UUID quiet;

    static AlertChannel channel(String name) {
        return new AlertChannel() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public void deliver(AlertMessage message) {}
        };
    }

    Alerts alerts(AlertsProperties.Recovery recovery) {
        AlertsProperties properties = new AlertsProperties(
                new AlertsProperties.Webhook(null, null),
                new AlertsProperties.Slack(null),
                new AlertsProperties.Email(List.of(), "x@localhost"),
                10,
                Duration.ofSeconds(5),
                Duration.ofMinutes(10),
                Duration.ofSeconds(1),
                Duration.ofSeconds(10),
                recovery);
        return new Alerts(jdbc, List.of(channel("webhook"), channel("email")), clock, properties);
    }

    UUID incident(String url) {
        UUID id = UUID.randomUUID();
        jdbc.sql("""
                        INSERT INTO incident (id, normalized_url, opened_at, last_notified_at, closed_at,
                                              notification_count, first_code, worst_code, last_code)
                        VALUES (:id, :url, :at, :at, :at, 2, 503, 503, 200)
                        """)
                .param("id", id)
                .param("url", url)
                .param("at", OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC))
                .update();
        return id;
    }

    /** One incident ops were told of, on the webhook only; one under maintenance, never alerted. */
    @BeforeEach
    void twoClosedIncidents() {
        alerted = incident("http://alerted.test");
        quiet = incident("http://planned.test");
        jdbc.sql("""
                        INSERT INTO alert (id, incident_id, transition, channel, created_at, status)
                        VALUES (:id, :incident, 'opened', 'webhook', now(), 'delivered')
                        """).param("id", UUID.randomUUID()).param("incident", alerted).update();
    }

    void recover(Alerts alerts) {
        transaction.executeWithoutResult(status -> {
            alerts.raiseRecovery(alerted);
            alerts.raiseRecovery(quiet);
        });
    }

    List<String> recoveries(UUID incident) {
        return jdbc.sql("SELECT channel FROM alert WHERE incident_id = :id AND transition = 'recovered'"
                        + " ORDER BY channel")
                .param("id", incident)
                .query(String.class)
                .list();
    }

    @Test
    void byDefaultTellsOfARecoveryOnlyWhereTheOutageWasAlerted() {
        recover(alerts(AlertsProperties.Recovery.ALERTED));

        assertThat(recoveries(alerted)).containsExactly("webhook");
        assertThat(recoveries(quiet)).isEmpty();
    }

    @Test
    void tellsOfEveryRecoveryOnEveryChannelWhenAskedTo() {
        recover(alerts(AlertsProperties.Recovery.ALWAYS));

        assertThat(recoveries(alerted)).containsExactly("email", "webhook");
        assertThat(recoveries(quiet)).containsExactly("email", "webhook");
    }

    @Test
    void raisesARecoveryOnlyOnceWhateverTheMode() {
        recover(alerts(AlertsProperties.Recovery.ALWAYS));
        recover(alerts(AlertsProperties.Recovery.ALWAYS));

        assertThat(recoveries(quiet)).containsExactly("email", "webhook");
    }

    @Test
    void tellsOfARecoveryWhereTheOutageIsStillBeingSentButNotWhereItWasGivenUp() {
        jdbc.sql("""
                        INSERT INTO alert (id, incident_id, transition, channel, created_at, status)
                        VALUES (:pending, :incident, 'opened', 'email', now(), 'pending'),
                               (:failed, :quiet, 'opened', 'webhook', now(), 'failed')
                        """)
                .param("pending", UUID.randomUUID())
                .param("failed", UUID.randomUUID())
                .param("incident", alerted)
                .param("quiet", quiet)
                .update();

        recover(alerts(AlertsProperties.Recovery.ALERTED));

        assertThat(recoveries(alerted)).containsExactly("email", "webhook");
        assertThat(recoveries(quiet)).isEmpty();
    }

    /**
     * An incident's events may be handled in any order: when its close is handled before its
     * opening, the opening's alert is raised first, and the opening handled later adds nothing.
     */
    @Test
    void raisesTheOpeningFirstWhenTheCloseIsHandledBeforeIt() {
        UUID flapped = incident("http://flapped.test");
        Alerts alerts = alerts(AlertsProperties.Recovery.ALERTED);

        transaction.executeWithoutResult(status -> alerts.closed(flapped, true, true));
        transaction.executeWithoutResult(status -> alerts.raise(flapped, Alerts.Transition.OPENED));

        assertThat(jdbc.sql("SELECT transition || ' ' || channel FROM alert WHERE incident_id = :id ORDER BY 1")
                        .param("id", flapped)
                        .query(String.class)
                        .list())
                .containsExactly(
                        "maintenance-overran email",
                        "maintenance-overran webhook",
                        "opened email",
                        "opened webhook",
                        "recovered email",
                        "recovered webhook");
    }

    @Test
    void raisesNoOpeningForAnIncidentMaintenanceCoveredWhenItOpened() {
        transaction.executeWithoutResult(
                status -> alerts(AlertsProperties.Recovery.ALERTED).closed(quiet, false, false));

        assertThat(recoveries(quiet)).isEmpty();
        assertThat(count("alert")).isEqualTo(1); // the alerted incident's opening, from the set-up
    }
}
