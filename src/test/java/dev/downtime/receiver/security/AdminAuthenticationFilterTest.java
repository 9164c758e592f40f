package dev.downtime.receiver.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.util.unit.DataSize;
import tools.jackson.databind.json.JsonMapper;

class AdminAuthenticationFilterTest {

    static final String CONFIGURED = "configured-token-0123456789";
    static final String ISSUED = "issued-through-the-api-0123456789";

    /** The issued tokens, as held in memory: one, for alice. */
    final TokenDirectory directory = digest -> {
        return Arrays.equals(digest, SecretTokens.sha256(ISSUED))
                ? Optional.of(new Operator("alice", Role.VIEWER))
                : Optional.empty();
    };

    AdminAuthenticationFilter filter(int burst) {
        AdminTokens tokens = new AdminTokens(
                new AdminProperties(
                        List.of("ops:" + CONFIGURED),
                        DataSize.ofKilobytes(64),
                        List.of(),
                        burst,
                        Duration.ofMinutes(1),
                        Path.of("target/unused-admin-token"),
                        false),
                List.of(directory));
        return new AdminAuthenticationFilter(
                tokens,
                JsonMapper.builder().build(),
                64 * 1024,
                List.of(),
                false,
                new FailedAuthLimiter(burst, Duration.ofMinutes(1)),
                request -> request.getRemoteAddr());
    }

    record Result(MockHttpServletResponse response, boolean passedOn) {}

    static Result call(AdminAuthenticationFilter filter, @Nullable String token, String address) throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/v1/maintenance-windows");
        request.setServletPath("/api/v1/maintenance-windows");
        request.setRemoteAddr(address);
        if (token != null) {
            request.addHeader("Authorization", "Bearer " + token);
        }
        MockHttpServletResponse response = new MockHttpServletResponse();
        MockFilterChain chain = new MockFilterChain();
        filter.doFilter(request, response, chain);
        return new Result(response, chain.getRequest() != null);
    }

    @Test
    void answersAFloodOfUnknownTokensWith429() throws Exception {
        AdminAuthenticationFilter filter = filter(5);
        for (int i = 0; i < 5; i++) {
            assertThat(call(filter, "forged-" + i, "203.0.113.5").response().getStatus())
                    .isEqualTo(401);
        }

        for (int i = 0; i < 50; i++) {
            MockHttpServletResponse response =
                    call(filter, "forged-again-" + i, "203.0.113.5").response();
            assertThat(response.getStatus()).isEqualTo(429);
            assertThat(response.getContentType()).isEqualTo("application/problem+json");
            assertThat(response.getHeader("Retry-After")).isNotNull();
        }
        assertThat(call(filter, null, "203.0.113.5").response().getStatus()).isEqualTo(429);
    }

    /** Someone forging from the same NAT, proxy or IPv6 site must not lock a colleague out. */
    @Test
    void letsATokenIssuedThroughTheApiInFromAThrottledAddress() throws Exception {
        AdminAuthenticationFilter filter = filter(2);
        call(filter, "forged-1", "2001:db8:1:1::5");
        call(filter, "forged-2", "2001:db8:1:1::5");
        assertThat(call(filter, "forged-3", "2001:db8:1:1::5").response().getStatus())
                .isEqualTo(429);

        Result issued = call(filter, ISSUED, "2001:db8:1:1::5");

        assertThat(issued.passedOn()).isTrue();
        assertThat(issued.response().getStatus()).isEqualTo(200);
    }

    @Test
    void letsAConfiguredTokenInFromAThrottledAddressAndOthersInAsUsual() throws Exception {
        AdminAuthenticationFilter filter = filter(2);
        call(filter, "forged-1", "203.0.113.5");
        call(filter, "forged-2", "203.0.113.5");
        assertThat(call(filter, "forged-3", "203.0.113.5").response().getStatus())
                .isEqualTo(429);

        assertThat(call(filter, CONFIGURED, "203.0.113.5").passedOn()).isTrue();
        assertThat(call(filter, "forged-4", "198.51.100.1").response().getStatus())
                .isEqualTo(401);
    }
}
