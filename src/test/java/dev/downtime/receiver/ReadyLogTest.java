package dev.downtime.receiver;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

class ReadyLogTest {

    @Test
    void namesThePlainWebhookPathAndTheServerPortByDefault() {
        var environment = new MockEnvironment().withProperty("local.server.port", "8080");

        assertThat(new ReadyLog(environment).message())
                .isEqualTo("downtime-receiver is ready: webhook POST http://localhost:8080/webhooks/monitor,"
                        + " admin API http://localhost:8080/api/v1, health http://localhost:8080/actuator/health");
    }

    @Test
    void namesTheTokenPathWithoutTheTokenAndTheManagementPortWhenSet() {
        var environment = new MockEnvironment()
                .withProperty("local.server.port", "8080")
                .withProperty("local.management.port", "8081")
                .withProperty("receiver.webhook.tokens", "k7PqR2vX9mLw4TzY8nB3cD,second-token-0123456789");

        String message = new ReadyLog(environment).message();

        assertThat(message)
                .contains("webhook POST http://localhost:8080/webhooks/monitor/<one of receiver.webhook.tokens>")
                .contains("admin API http://localhost:8080/api/v1")
                .contains("health http://localhost:8081/actuator/health")
                .doesNotContain("k7PqR2vX9mLw4TzY8nB3cD")
                .doesNotContain("second-token");
    }

    @Test
    void saysNothingWhenNothingListens() {
        assertThat(new ReadyLog(new MockEnvironment()).message()).isNull();
    }
}
