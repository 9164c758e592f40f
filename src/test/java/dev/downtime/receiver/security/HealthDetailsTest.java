package dev.downtime.receiver.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import dev.downtime.receiver.IntegrationTest;
import dev.downtime.receiver.PostgresIntegrationTest;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

/**
 * On the internet-facing port, health tells anyone its status (load balancers, the container's
 * healthcheck) and only holders of an admin token its details: reasons, exception text, counts.
 */
class HealthDetailsTest extends PostgresIntegrationTest {

    HttpResponse<String> health(String path, @Nullable String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return send(request.GET().build());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/actuator/health", "/actuator/health/readiness", "/actuator/health/liveness"})
    void showsTheStatusOnlyToAnonymousCallers(String path) {
        for (String token : new String[] {null, "not-a-token-0123456789", "", "x"}) {
            HttpResponse<String> response = health(path, token);

            assertThat(response.statusCode()).isEqualTo(200);
            Map<String, Object> body = JsonPath.read(response.body(), "$");
            assertThat(body.keySet()).isSubsetOf("status", "groups");
            assertThat(response.body())
                    .doesNotContain("receiver")
                    .doesNotContain("spoolDepth")
                    .doesNotContain("details");
        }
    }

    @Test
    void showsTheDetailsToAConfiguredAdminToken() {
        HttpResponse<String> health = health("/actuator/health", IntegrationTest.ADMIN_TOKEN);
        HttpResponse<String> readiness = health("/actuator/health/readiness", IntegrationTest.ADMIN_TOKEN);

        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(JsonPath.<Integer>read(health.body(), "$.components.receiver.details.dropped"))
                .isZero();
        assertThat(JsonPath.<Integer>read(readiness.body(), "$.components.receiver.details.spoolDepth"))
                .isZero();
        assertThat(JsonPath.<String>read(readiness.body(), "$.components.receiver.details.windows.source"))
                .isEqualTo("database");
    }

    @Test
    void showsTheDetailsToATokenIssuedThroughTheApi() {
        MvcTestResult issued = mvc.post()
                .uri("/api/v1/tokens")
                .header("Authorization", bearer())
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"name\":\"watcher\",\"role\":\"viewer\"}")
                .exchange();
        assertThat(issued).hasStatus(HttpStatus.CREATED);
        String token = JsonPath.read(body(issued), "$.token");

        assertThat(health("/actuator/health/readiness", token).body()).contains("\"spoolDepth\":0");
    }
}
