package dev.downtime.receiver.incidents;

import static org.assertj.core.api.Assertions.assertThat;

import dev.downtime.receiver.IntegrationTest;
import dev.downtime.receiver.PostgresIntegrationTest;
import dev.downtime.receiver.alerts.TestAlerts;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Tests of the real tracker, raising alerts on one channel so that a wrong alert shows in the
 * outbox (the shared context has no channel), with notifications received at given minutes.
 */
abstract class TrackerWithAlertsTest extends PostgresIntegrationTest {

    @Autowired
    TransactionTemplate transaction;

    @Autowired
    IncidentsProperties properties;

    IncidentTracker tracker;

    @BeforeEach
    void trackerWithAnAlertChannel() {
        tracker = new IncidentTracker(jdbc, transaction, TestAlerts.onOneChannel(jdbc, clock), clock, properties);
    }

    static Instant at(int minutes) {
        return IntegrationTest.T0.plus(Duration.ofMinutes(minutes));
    }

    /** Monitor reports a check that we receive at that minute; it is committed now, whatever that time. */
    void notifyAt(int minute, String url, int code) {
        clock.set(at(minute));
        assertThat(postWebhook("{\"ts\":" + clock.instant().getEpochSecond() + ",\"url\":\"" + url + "\",\"code\":"
                                + code + ",\"host\":\"example\"}")
                        .statusCode())
                .isEqualTo(200);
    }
}
