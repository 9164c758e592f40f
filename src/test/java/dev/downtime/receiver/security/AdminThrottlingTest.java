package dev.downtime.receiver.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import dev.downtime.receiver.IntegrationTest;
import dev.downtime.receiver.PostgresIntegrationTest;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

/** Failed admin authentication is throttled per address; a valid token never is. */
@TestPropertySource(properties = "receiver.admin.failed-auth-burst=3")
// A context of its own: closed afterwards, so that its connections go back to PostgreSQL.
@DirtiesContext
class AdminThrottlingTest extends PostgresIntegrationTest {

    MvcTestResult call(@Nullable String token, String address) {
        var request = mvc.get().uri("/api/v1/maintenance-windows").with(sent -> {
            sent.setRemoteAddr(address);
            return sent;
        });
        if (token != null) {
            request = request.header("Authorization", "Bearer " + token);
        }
        return request.exchange();
    }

    @Test
    void answersAFloodOfUnknownTokensWith429() {
        for (int i = 0; i < 3; i++) {
            assertThat(call("forged-" + i, "203.0.113.5"))
                    .hasStatus(HttpStatus.UNAUTHORIZED)
                    .hasHeader("WWW-Authenticate", "Bearer realm=\"downtime-receiver\"");
        }

        for (int i = 0; i < 20; i++) {
            assertThat(call("forged-again-" + i, "203.0.113.5"))
                    .hasStatus(HttpStatus.TOO_MANY_REQUESTS)
                    .hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .containsHeader("Retry-After")
                    .bodyJson()
                    .extractingPath("$.title")
                    .isEqualTo("Too Many Requests");
        }
        assertThat(call(null, "203.0.113.5")).hasStatus(HttpStatus.TOO_MANY_REQUESTS);
        assertThat(call("forged-elsewhere", "198.51.100.1")).hasStatus(HttpStatus.UNAUTHORIZED);
    }

    /** Someone forging from the same NAT, proxy or IPv6 site must not lock a colleague out. */
    @Test
    void letsValidTokensInFromAThrottledAddress() {
        MvcTestResult issued = mvc.post()
                .uri("/api/v1/tokens")
                .header("Authorization", bearer())
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"name\":\"colleague\",\"role\":\"viewer\"}")
                .exchange();
        String colleague = JsonPath.read(body(issued), "$.token");
        for (int i = 0; i < 4; i++) {
            call("forged-" + i, "2001:db8:1:1::5");
        }
        assertThat(call("forged-4", "2001:db8:1:1::5")).hasStatus(HttpStatus.TOO_MANY_REQUESTS);

        assertThat(call(colleague, "2001:db8:1:1::5")).hasStatusOk();
        assertThat(call(IntegrationTest.ADMIN_TOKEN, "2001:db8:1:1::5")).hasStatusOk();
    }

    @Test
    void answersProblemsWithoutAToken() {
        assertThat(call(null, "192.0.2.7"))
                .hasStatus(HttpStatus.UNAUTHORIZED)
                .hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
                .bodyJson()
                .extractingPath("$.detail")
                .isEqualTo("The admin API requires an 'Authorization: Bearer <token>' header.");
    }
}
