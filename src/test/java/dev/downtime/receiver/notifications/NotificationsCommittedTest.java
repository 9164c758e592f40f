package dev.downtime.receiver.notifications;

import static org.assertj.core.api.Assertions.assertThat;

import dev.downtime.receiver.IntegrationTest;
import dev.downtime.receiver.PostgresIntegrationTest;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Every way a notification reaches the log tells those who react to it, exactly once: a webhook
 * commit, a replay from the spool, and the hand-over of what an older version left unfolded. What
 * is seen here is its incident: incidents folds from the event.
 */
@TestPropertySource(properties = "receiver.spool.replay-interval=1h")
class NotificationsCommittedTest extends PostgresIntegrationTest {

    @Autowired
    NotificationSpool spool;

    @Autowired
    SpoolReplayer replayer;

    @Autowired
    JdbcClient jdbcClient;

    @Autowired
    TransactionTemplate transaction;

    @Autowired
    ApplicationEventPublisher events;

    static NotificationRecord failure(String url, Instant at, long ts) {
        return NotificationRecord.of(
                NotificationIds.next(at),
                new ReceivedNotification(at, ts, url, url, 503, null, null, "ok", List.of(), "127.0.0.1", false));
    }

    long notificationsInIncidentOf(String url) {
        return jdbc.sql("SELECT notification_count FROM incident WHERE normalized_url = :url")
                .param("url", url)
                .query(Long.class)
                .optional()
                .orElse(0L);
    }

    @Test
    void foldsNotificationsReplayedFromTheSpool() throws Exception {
        assertThat(spool.append(failure("http://spooled.test", IntegrationTest.T0, 1)))
                .isTrue();
        assertThat(spool.append(failure("http://spooled.test", IntegrationTest.T0.plusSeconds(60), 2)))
                .isTrue();

        replayer.replay();
        awaitEventsHandled();

        assertThat(notificationsInIncidentOf("http://spooled.test")).isEqualTo(2);
    }

    @Test
    void tellsNothingOfADuplicateItDidNotStore() {
        // The same check sent twice: its ts within the allowed clock skew, so the second is a duplicate.
        String notification =
                "{\"ts\":" + IntegrationTest.T0.getEpochSecond() + ",\"url\":\"http:\\/\\/twice.test\",\"code\":503}";
        assertThat(postWebhook(notification).statusCode()).isEqualTo(200);
        assertThat(postWebhook(notification).statusCode()).isEqualTo(200);
        awaitEventsHandled();

        assertThat(count("notification")).isEqualTo(1);
        assertThat(count("incident_fold")).isEqualTo(1);
        assertThat(notificationsInIncidentOf("http://twice.test")).isEqualTo(1);
    }

    /** Rows an older version committed but had not folded when this one started (V23 listed them). */
    @Test
    void handsOverWhatAnOlderVersionLeftUnfoldedOnce() {
        UUID left = UUID.randomUUID();
        jdbc.sql("""
                        INSERT INTO notification (id, received_at, ts, ts_ms, raw_url, normalized_url, code, reply)
                        VALUES (:id, :at, 1, 1000, 'http://left.test', 'http://left.test', 503, 'ok')
                        """)
                .param("id", left)
                .param("at", OffsetDateTime.ofInstant(IntegrationTest.T0.minus(Duration.ofMinutes(5)), ZoneOffset.UTC))
                .update();
        jdbc.sql("INSERT INTO notification_unfolded (id) VALUES (:id)")
                .param("id", left)
                .update();
        // The service's own has found the list empty at start and stopped looking: a fresh one.
        UnfoldedNotifications unfolded = new UnfoldedNotifications(jdbcClient, transaction, events);

        unfolded.handOverAll();
        unfolded.handOverAll();
        awaitEventsHandled();

        assertThat(notificationsInIncidentOf("http://left.test")).isEqualTo(1);
        assertThat(count("notification_unfolded")).isZero();
    }
}
