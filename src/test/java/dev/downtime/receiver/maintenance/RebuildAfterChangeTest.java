package dev.downtime.receiver.maintenance;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import dev.downtime.receiver.PostgresIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

/**
 * With LISTEN/NOTIFY off and the periodic refresh an hour away, a change made through this
 * instance still applies to the very next notification: the index is rebuilt after the commit.
 */
@TestPropertySource(properties = "receiver.maintenance.listen-for-changes=false")
@DirtiesContext
class RebuildAfterChangeTest extends PostgresIntegrationTest {

    @Test
    void answersFromAWindowRightAfterItIsCreatedOrEndedThroughTheApi() {
        var created = mvc.post()
                .uri("/api/v1/maintenance-windows")
                .header("Authorization", bearer())
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"scope\":\"domain\",\"target\":\"example.com\",\"endsAt\":\"2026-03-01T13:00:00Z\"}")
                .exchange();
        assertThat(created).hasStatus(HttpStatus.CREATED);

        assertThat(postWebhook("{\"ts\":1,\"url\":\"example.com\",\"code\":503}")
                        .body())
                .isEqualTo("2026-03-01T13:00:00Z");

        // The answer above is a promise that counts on the window: ending it needs confirming.
        String id = JsonPath.read(body(created), "$.id");
        assertThat(mvc.post()
                        .uri("/api/v1/maintenance-windows/" + id + "/end?confirm=true")
                        .header("Authorization", bearer()))
                .hasStatusOk();

        assertThat(postWebhook("{\"ts\":2,\"url\":\"example.com\",\"code\":503}")
                        .body())
                .isEqualTo("ok");
    }
}
