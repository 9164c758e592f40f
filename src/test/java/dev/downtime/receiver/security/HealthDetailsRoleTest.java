package dev.downtime.receiver.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import dev.downtime.receiver.PostgresIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

/** {@code management.endpoint.health.roles=ADMIN}, as docs/security.md says: details for admin tokens only. */
@TestPropertySource(properties = "management.endpoint.health.roles=ADMIN")
// A context of its own: closed afterwards, so that its connections go back to PostgreSQL.
@DirtiesContext
class HealthDetailsRoleTest extends PostgresIntegrationTest {

    @Test
    void showsTheDetailsOnlyToAdminTokens() {
        MvcTestResult issued = mvc.post()
                .uri("/api/v1/tokens")
                .header("Authorization", bearer())
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"name\":\"watcher\",\"role\":\"editor\"}")
                .exchange();
        assertThat(issued).hasStatus(HttpStatus.CREATED);
        String editor = JsonPath.read(body(issued), "$.token");

        assertThat(body(mvc.get()
                        .uri("/actuator/health/readiness")
                        .header("Authorization", "Bearer " + editor)
                        .exchange()))
                .doesNotContain("spoolDepth");
        assertThat(body(mvc.get()
                        .uri("/actuator/health/readiness")
                        .header("Authorization", bearer())
                        .exchange()))
                .contains("\"spoolDepth\":0");
    }
}
