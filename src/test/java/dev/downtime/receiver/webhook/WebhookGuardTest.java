package dev.downtime.receiver.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.util.unit.DataSize;

@ExtendWith(OutputCaptureExtension.class)
class WebhookGuardTest {

    static final String TOKEN = "k7PqR2vX9mLw4TzY8nB3cD";
    static final String NEXT_TOKEN = "Zq1Wx2Ec3Rv4Tb5Yn6Um7I";

    static WebhookProperties properties(
            List<String> tokens, List<String> allowed, WebhookProperties.AllowlistMode mode, int burst) {
        return new WebhookProperties(
                DataSize.ofKilobytes(64),
                tokens,
                allowed,
                mode,
                List.of("10.0.0.0/8"),
                List.of(),
                burst,
                Duration.ofMinutes(1),
                Duration.ofSeconds(10),
                Duration.ofHours(1),
                true);
    }

    static WebhookGuard guard(List<String> tokens) {
        return new WebhookGuard(
                properties(tokens, List.of(), WebhookProperties.AllowlistMode.ENFORCE, 100), new SimpleMeterRegistry());
    }

    record Result(int status, String body, @Nullable HttpServletRequest passedOn) {}

    static Result call(WebhookGuard guard, String path, String peer, @Nullable String forwardedFor) throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", path);
        request.setServletPath(path);
        request.setRemoteAddr(peer);
        if (forwardedFor != null) {
            request.addHeader("X-Forwarded-For", forwardedFor);
        }
        MockHttpServletResponse response = new MockHttpServletResponse();
        MockFilterChain chain = new MockFilterChain();
        guard.doFilter(request, response, chain);
        return new Result(response.getStatus(), response.getContentAsString(), (HttpServletRequest) chain.getRequest());
    }

    @Test
    void withoutTokensTakesOnlyThePlainPath() throws Exception {
        WebhookGuard guard = guard(List.of());

        assertThat(call(guard, "/webhooks/monitor", "198.51.100.1", null).passedOn())
                .isNotNull();
        assertThat(call(guard, "/webhooks/monitor/" + TOKEN, "198.51.100.1", null)
                        .status())
                .isEqualTo(404);
        assertThat(call(guard, "/webhooks/other", "198.51.100.1", null).status())
                .isEqualTo(404);
    }

    @Test
    void takesAnyConfiguredTokenAndHidesItFromEverythingAfter() throws Exception {
        WebhookGuard guard = guard(List.of(TOKEN, NEXT_TOKEN));

        for (String token : List.of(TOKEN, NEXT_TOKEN)) {
            HttpServletRequest passedOn = call(guard, "/webhooks/monitor/" + token, "198.51.100.1", null)
                    .passedOn();
            assertThat(passedOn).isNotNull();
            assertThat(passedOn.getRequestURI()).isEqualTo("/webhooks/monitor");
            assertThat(passedOn.getServletPath()).isEqualTo("/webhooks/monitor");
            assertThat(passedOn.getRequestURL().toString()).doesNotContain(token);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "/webhooks/monitor",
                "/webhooks/monitor/",
                "/webhooks/monitor/wrong",
                "/webhooks/monitor/k7PqR2vX9mLw4TzY8nB3c",
                "/webhooks/monitor/k7PqR2vX9mLw4TzY8nB3cE",
                "/webhooks/monitor/K7PqR2vX9mLw4TzY8nB3cD",
                "/webhooks/monitor/k7PqR2vX9mLw4TzY8nB3cD/",
                "/webhooks/monitor/k7PqR2vX9mLw4TzY8nB3cDx",
                "/webhooks/monitor/k7PqR2vX9mLw4TzY8nB3cD/extra",
                "/webhooks/k7PqR2vX9mLw4TzY8nB3cD"
            })
    void refusesEveryOtherPathAlike(String path) throws Exception {
        Result result = call(guard(List.of(TOKEN)), path, "198.51.100.1", null);

        assertThat(result.status()).isEqualTo(404);
        assertThat(result.body()).isEqualTo("not found");
        assertThat(result.passedOn()).isNull();
    }

    /** Tomcat routes these here, decoded and normalized; only the spelling as sent tells them apart. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "/webhooks//monitor/k7PqR2vX9mLw4TzY8nB3cD",
                "/webhooks/%6Donitor/k7PqR2vX9mLw4TzY8nB3cD",
                "/webhooks/monitor;x/k7PqR2vX9mLw4TzY8nB3cD",
                "/webhooks/./monitor/k7PqR2vX9mLw4TzY8nB3cD",
                "/webhooks/monitor/%6B7PqR2vX9mLw4TzY8nB3cD",
                "/webhooks/monitor/k7PqR2vX9mLw4TzY8nB3cD;x"
            })
    void refusesEveryButTheCanonicalSpellingOfTheTokenPath(String raw) throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", raw);
        request.setServletPath("/webhooks/monitor/" + TOKEN);
        request.setRemoteAddr("198.51.100.1");
        MockHttpServletResponse response = new MockHttpServletResponse();
        MockFilterChain chain = new MockFilterChain();

        guard(List.of(TOKEN)).doFilter(request, response, chain);

        assertThat(response.getStatus()).isEqualTo(404);
        assertThat(response.getContentAsString()).isEqualTo("not found");
        assertThat(chain.getRequest()).isNull();
    }

    @Test
    void enforcesTheAllowlistWithTheSameRefusal() throws Exception {
        WebhookGuard guard = new WebhookGuard(
                properties(
                        List.of(TOKEN),
                        List.of("198.51.100.0/24", "2001:db8::/32"),
                        WebhookProperties.AllowlistMode.ENFORCE,
                        100),
                new SimpleMeterRegistry());
        String path = "/webhooks/monitor/" + TOKEN;

        assertThat(call(guard, path, "198.51.100.9", null).passedOn()).isNotNull();
        assertThat(call(guard, path, "2001:db8::9", null).passedOn()).isNotNull();
        assertThat(call(guard, path, "10.0.0.1", "198.51.100.9").passedOn()).isNotNull();
        Result outside = call(guard, path, "203.0.113.5", null);
        assertThat(outside.status()).isEqualTo(404);
        assertThat(outside.body()).isEqualTo("not found");
        // Only a trusted proxy is believed about who is calling.
        assertThat(call(guard, path, "203.0.113.5", "198.51.100.9").status()).isEqualTo(404);
    }

    @Test
    void onlyLogsAddressesOutsideTheAllowlistInLogOnlyMode(CapturedOutput output) throws Exception {
        WebhookGuard guard = new WebhookGuard(
                properties(List.of(TOKEN), List.of("198.51.100.0/24"), WebhookProperties.AllowlistMode.LOG_ONLY, 100),
                new SimpleMeterRegistry());

        Result result = call(guard, "/webhooks/monitor/" + TOKEN, "203.0.113.5", null);

        assertThat(result.passedOn()).isNotNull();
        assertThat(result.passedOn().getRemoteAddr()).isEqualTo("203.0.113.5");
        assertThat(output.getOut()).contains("Webhook call from 203.0.113.5").doesNotContain(TOKEN);
    }

    @Test
    void throttlesAnAddressThatKeepsFailingButNotOthers() throws Exception {
        WebhookGuard guard = new WebhookGuard(
                properties(List.of(TOKEN), List.of(), WebhookProperties.AllowlistMode.ENFORCE, 5),
                new SimpleMeterRegistry());

        for (int i = 0; i < 5; i++) {
            assertThat(call(guard, "/webhooks/monitor/forged" + i, "203.0.113.5", null)
                            .status())
                    .isEqualTo(404);
        }

        assertThat(call(guard, "/webhooks/monitor/forged", "203.0.113.5", null).status())
                .isEqualTo(429);
        assertThat(call(guard, "/webhooks/monitor/" + TOKEN, "198.51.100.1", null)
                        .passedOn())
                .isNotNull();
    }

    @Test
    void letsTheRightTokenThroughFromAThrottledAddress() throws Exception {
        // Monitor may share an address (a NAT, a proxy) with someone forging requests.
        WebhookGuard guard = new WebhookGuard(
                properties(List.of(TOKEN), List.of(), WebhookProperties.AllowlistMode.ENFORCE, 3),
                new SimpleMeterRegistry());
        for (int i = 0; i < 10; i++) {
            call(guard, "/webhooks/monitor/forged" + i, "203.0.113.5", null);
        }
        assertThat(call(guard, "/webhooks/monitor/forged", "203.0.113.5", null).status())
                .isEqualTo(429);

        Result monitor = call(guard, "/webhooks/monitor/" + TOKEN, "203.0.113.5", null);

        assertThat(monitor.status()).isEqualTo(200);
        assertThat(monitor.passedOn()).isNotNull();
    }

    @Test
    void throttlesAnAddressOutsideTheAllowlistEvenWithTheRightToken() throws Exception {
        WebhookGuard guard = new WebhookGuard(
                properties(List.of(TOKEN), List.of("198.51.100.0/24"), WebhookProperties.AllowlistMode.ENFORCE, 3),
                new SimpleMeterRegistry());
        for (int i = 0; i < 3; i++) {
            assertThat(call(guard, "/webhooks/monitor/" + TOKEN, "203.0.113.5", null)
                            .status())
                    .isEqualTo(404);
        }

        assertThat(call(guard, "/webhooks/monitor/" + TOKEN, "203.0.113.5", null)
                        .status())
                .isEqualTo(429);
    }
}
