package dev.downtime.receiver;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ApplicationStartsTest extends PostgresIntegrationTest {

    @Test
    void answersOkToAFailureNoWindowCovers() {
        assertThat(mvc.post()
                        .uri("/webhooks/monitor")
                        .content("{\"ts\":1385139152,\"url\":\"http:\\/\\/example.com\",\"code\":403,\"host\":\"example\",\"type\":\"http\"}"))
                .hasStatusOk()
                .hasBodyTextEqualTo("ok");
        assertThat(count("notification")).isEqualTo(1);
    }
}
