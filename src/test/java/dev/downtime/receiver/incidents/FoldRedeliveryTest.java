package dev.downtime.receiver.incidents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.downtime.receiver.PostgresIntegrationTest;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

/**
 * A notification committed is folded into its incident exactly once even when the fold fails:
 * its NotificationsCommitted publication stays in the registry, failed, and the retry job hands it
 * over again once the fold can succeed.
 */
@TestPropertySource(properties = "receiver.events.retry-interval=1s")
// Its retry job runs every second: closed after its tests, so it cannot touch the next class's data.
@DirtiesContext
class FoldRedeliveryTest extends PostgresIntegrationTest {

    String publicationStatus() {
        return jdbc.sql("SELECT string_agg(status, ',') FROM event_publication")
                .query(String.class)
                .single();
    }

    @Test
    void aFoldThatFailedIsRetriedUntilTheIncidentIsThereOnce() {
        // The fold cannot record its batch: it fails, and its transaction rolls back whole.
        jdbc.sql("ALTER TABLE incident_fold RENAME TO incident_fold_away").update();
        try {
            assertThat(postWebhook("{\"ts\":1,\"url\":\"http://retried.test\",\"code\":503}")
                            .statusCode())
                    .isEqualTo(200);

            await().atMost(Duration.ofSeconds(10)).until(() -> "FAILED".equals(publicationStatus()));
            assertThat(count("incident")).isZero();
        } finally {
            jdbc.sql("ALTER TABLE incident_fold_away RENAME TO incident_fold").update();
        }

        awaitEventsHandled();

        assertThat(jdbc.sql("SELECT notification_count FROM incident WHERE normalized_url = 'http://retried.test'")
                        .query(Integer.class)
                        .list())
                .containsExactly(1);
        assertThat(count("incident_fold")).isEqualTo(1);
    }
}
