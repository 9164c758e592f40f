package dev.downtime.receiver.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.downtime.receiver.IntegrationTest;
import dev.downtime.receiver.PostgresIntegrationTest;
import dev.downtime.receiver.incidents.Incidents;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

/** The dispatcher on its own, with channels made for the test: one that hangs, one that works. */
class AlertDispatcherTest extends PostgresIntegrationTest {

    @Autowired
    TransactionTemplate transaction;

    @Autowired
    Incidents incidents;

    AlertDispatcher dispatcher;

    final AtomicInteger stuckNow = new AtomicInteger();
    final AtomicInteger stuckAtMost = new AtomicInteger();

    /** Blocks until interrupted, as a read from a server that never answers does. */
    final AlertChannel stuck = new AlertChannel() {
        @Override
        public String name() {
            return "stuck";
        }

        @Override
        public void deliver(AlertMessage message) throws InterruptedException {
            stuckAtMost.accumulateAndGet(stuckNow.incrementAndGet(), Math::max);
            try {
                Thread.sleep(Duration.ofMinutes(5));
            } finally {
                stuckNow.decrementAndGet();
            }
        }
    };

    final AlertChannel working = new AlertChannel() {
        @Override
        public String name() {
            return "working";
        }

        @Override
        public void deliver(AlertMessage message) {}
    };

    @AfterEach
    void stop() {
        if (dispatcher != null) {
            dispatcher.stop();
        }
    }

    static AlertsProperties properties(Duration sendTimeout) {
        return new AlertsProperties(
                new AlertsProperties.Webhook(null, null),
                new AlertsProperties.Slack(null),
                new AlertsProperties.Email(List.of(), "x@localhost"),
                3,
                Duration.ofMinutes(1),
                Duration.ofMinutes(10),
                Duration.ofSeconds(1),
                sendTimeout,
                AlertsProperties.Recovery.ALERTED);
    }

    UUID incident(String url) {
        UUID id = UUID.randomUUID();
        jdbc.sql("""
                        INSERT INTO incident (id, normalized_url, opened_at, last_notified_at, notification_count,
                                              first_code, worst_code, last_code)
                        VALUES (:id, :url, :at, :at, 1, 503, 503, 503)
                        """)
                .param("id", id)
                .param("url", url)
                .param("at", OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC))
                .update();
        return id;
    }

    void pendingAlert(UUID incident, String transition, String channel) {
        var now = OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
        jdbc.sql("""
                        INSERT INTO alert (id, incident_id, transition, channel, created_at, status, next_attempt_at)
                        VALUES (:id, :incident, :transition, :channel, :now, 'pending', :now)
                        """)
                .param("id", UUID.randomUUID())
                .param("incident", incident)
                .param("transition", transition)
                .param("channel", channel)
                .param("now", now)
                .update();
    }

    long alerts(String channel, String condition) {
        return jdbc.sql("SELECT count(*) FROM alert WHERE channel = :channel AND " + condition)
                .param("channel", channel)
                .query(Long.class)
                .single();
    }

    @Test
    void aHangingChannelHoldsOnlyItsOwnSlotsAndItsDeliveriesAreAbandonedAtTheDeadline() {
        for (int i = 0; i < 20; i++) {
            pendingAlert(incident("http://site" + i + ".test"), "opened", "stuck");
        }
        pendingAlert(incident("http://other.test"), "opened", "working");
        dispatcher = new AlertDispatcher(
                jdbc, transaction, incidents, List.of(stuck, working), properties(Duration.ofMillis(500)), clock);
        dispatcher.start();

        assertThat(dispatcher.dispatch()).isEqualTo(AlertDispatcher.PER_CHANNEL + 1);

        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() ->
                        assertThat(alerts("working", "status = 'delivered'")).isEqualTo(1));
        // Each abandoned after twice the send timeout, retried after the backoff.
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(alerts(
                                "stuck",
                                "status = 'pending' AND attempts = 1 AND last_error LIKE '%still running after PT1S%'"
                                        + " AND next_attempt_at = '2026-03-01T12:01:00Z'"))
                        .isEqualTo(AlertDispatcher.PER_CHANNEL));
        assertThat(stuckAtMost.get()).isLessThanOrEqualTo(AlertDispatcher.PER_CHANNEL);
        assertThat(alerts("stuck", "attempts = 0 AND next_attempt_at = '" + IntegrationTest.T0 + "'"))
                .isEqualTo(20 - AlertDispatcher.PER_CHANNEL);
        await().atMost(Duration.ofSeconds(10)).until(() -> stuckNow.get() == 0 && dispatcher.inFlight() == 0);

        // The slots are free again: the next round takes the alerts not tried yet.
        assertThat(dispatcher.dispatch()).isEqualTo(AlertDispatcher.PER_CHANNEL);
    }

    @Test
    void sendsARecoveryOnlyAfterTheOpeningStillBeingRetriedOnItsChannel() {
        UUID incident = incident("http://flapping.test");
        pendingAlert(incident, "opened", "working");
        pendingAlert(incident, "recovered", "working");
        // The opening failed once and waits for its retry; the recovery is due now.
        jdbc.sql("UPDATE alert SET attempts = 1, next_attempt_at = :later WHERE transition = 'opened'")
                .param("later", OffsetDateTime.ofInstant(clock.instant().plus(Duration.ofMinutes(1)), ZoneOffset.UTC))
                .update();
        dispatcher = new AlertDispatcher(
                jdbc, transaction, incidents, List.of(working), properties(Duration.ofSeconds(5)), clock);
        dispatcher.start();

        assertThat(dispatcher.dispatch()).isZero();
        assertThat(alerts("working", "status = 'pending'")).isEqualTo(2);

        clock.advance(Duration.ofMinutes(1));
        assertThat(dispatcher.dispatch()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> alerts("working", "transition = 'opened' AND status = 'delivered'") == 1
                        && dispatcher.inFlight() == 0);
        assertThat(dispatcher.dispatch()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> alerts("working", "transition = 'recovered' AND status = 'delivered'") == 1);
    }

    @Test
    void givesUpARecoveryWhoseOutageAlertWasGivenUpOnItsChannel() {
        UUID incident = incident("http://never-told.test");
        pendingAlert(incident, "opened", "working");
        pendingAlert(incident, "recovered", "working");
        jdbc.sql("UPDATE alert SET status = 'failed', attempts = 3, next_attempt_at = NULL"
                        + " WHERE transition = 'opened'")
                .update();
        dispatcher = new AlertDispatcher(
                jdbc, transaction, incidents, List.of(working), properties(Duration.ofSeconds(5)), clock);
        dispatcher.start();

        assertThat(dispatcher.dispatch()).isZero();
        assertThat(alerts(
                        "working",
                        "transition = 'recovered' AND status = 'failed' AND attempts = 0"
                                + " AND last_error LIKE 'not sent: the alerts of this outage%'"))
                .isEqualTo(1);
    }
}
