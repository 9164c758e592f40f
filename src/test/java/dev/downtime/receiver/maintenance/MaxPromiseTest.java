package dev.downtime.receiver.maintenance;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import dev.downtime.receiver.PostgresIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;

/** {@code receiver.maintenance.max-promise} caps every answer, of the webhook and of the decision API. */
@TestPropertySource(properties = "receiver.maintenance.max-promise=2h")
class MaxPromiseTest extends PostgresIntegrationTest {

    void create(String startsAt, String endsAt) {
        assertThat(mvc.post()
                        .uri("/api/v1/maintenance-windows")
                        .header("Authorization", bearer())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("""
                                {"scope":"domain","target":"cap.test","startsAt":"%s","endsAt":"%s"}""".formatted(startsAt, endsAt)))
                .hasStatus(HttpStatus.CREATED);
    }

    String reply() {
        return postWebhook("{\"url\":\"http://cap.test\",\"code\":503}").body();
    }

    @Test
    void answersALongerStretchWithTheCap() {
        create("2026-03-01T11:00:00Z", "2026-03-02T11:00:00Z");

        assertThat(reply()).isEqualTo("2026-03-01T14:00:00Z");
        String decision = body(mvc.get()
                .uri("/api/v1/decision?url=http://cap.test&at=2026-03-01T20:00:00Z")
                .header("Authorization", bearer())
                .exchange());
        assertThat(JsonPath.<String>read(decision, "$.coveredUntil")).isEqualTo("2026-03-01T22:00:00Z");
    }

    @Test
    void answersAShorterStretchWithItsEnd() {
        create("2026-03-01T11:00:00Z", "2026-03-01T13:30:00Z");

        assertThat(reply()).isEqualTo("2026-03-01T13:30:00Z");
    }
}
