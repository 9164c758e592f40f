package dev.downtime.receiver.incidents;

import static org.assertj.core.api.Assertions.assertThat;

import dev.downtime.receiver.IntegrationTest;
import dev.downtime.receiver.PostgresIntegrationTest;
import dev.downtime.receiver.alerts.TestAlerts;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Tests of incidents as the service folds them, raising alerts on one channel so that a wrong alert
 * shows in the outbox (the shared context has no channel), with notifications received at given
 * minutes.
 */
@Import(TestAlerts.OneChannel.class)
@TestPropertySource(properties = {"receiver.alerts.recovery=always", "receiver.alerts.dispatch-interval=1h"})
abstract class TrackerWithAlertsTest extends PostgresIntegrationTest {

    @Autowired
    OverrunCheck overruns;

    @Autowired
    IncidentFolder folder;

    @Autowired
    TransactionTemplate transaction;

    static Instant at(int minutes) {
        return IntegrationTest.T0.plus(Duration.ofMinutes(minutes));
    }

    /**
     * Monitor reports a check that we receive at that minute; it is committed now, whatever that
     * time, and folded into incidents before this returns.
     */
    void notifyAt(int minute, String url, int code) {
        clock.set(at(minute));
        assertThat(postWebhook("{\"ts\":" + clock.instant().getEpochSecond() + ",\"url\":\"" + url + "\",\"code\":"
                                + code + ",\"host\":\"example\"}")
                        .statusCode())
                .isEqualTo(200);
        awaitEventsHandled();
    }

    /** A notification of {@code http://late.test}, received at that minute. */
    static TrackedNotification notification(int minute, int code) {
        return new TrackedNotification(
                UUID.randomUUID(), at(minute), "http://late.test", code, "example", List.of(), false);
    }

    /** Folds these notifications as one batch, as the service folds what one commit stored. */
    void foldTogether(TrackedNotification... batch) {
        transaction.executeWithoutResult(status -> folder.fold(Map.of(UUID.randomUUID(), List.of(batch))));
        awaitEventsHandled();
    }
}
