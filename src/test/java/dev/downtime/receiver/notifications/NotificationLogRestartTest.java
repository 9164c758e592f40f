package dev.downtime.receiver.notifications;

import static org.assertj.core.api.Assertions.assertThat;

import dev.downtime.receiver.PostgresIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

class NotificationLogRestartTest extends PostgresIntegrationTest {

    @Autowired
    NotificationLog log;

    /** Spring stops and starts lifecycles again, e.g. when it pauses a cached test context. */
    @Test
    void commitsAgainAfterBeingStoppedAndStarted() {
        log.stop();
        log.start();

        assertThat(postWebhook("{\"url\":\"example.com\",\"code\":503}").body()).isEqualTo("ok");
        assertThat(count("notification")).isEqualTo(1);
        assertThat(log.spoolDepth()).isZero();
    }
}
