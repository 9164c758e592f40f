package dev.downtime.receiver.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class MaskedAccessLogTest {

    static final String TOKEN = "k7PqR2vX9mLw4TzY8nB3cD";
    static final List<String> TOKENS = List.of(TOKEN, "Zq1Wx2Ec3Rv4Tb5Yn6Um7I");

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            127.0.0.1 - - [x] "POST /webhooks/monitor/k7PqR2vX9mLw4TzY8nB3cD HTTP/1.1" 200 2 | 127.0.0.1 - - [x] "POST /webhooks/monitor/**** HTTP/1.1" 200 2
            127.0.0.1 - - [x] "POST /webhooks/monitor/abc?x=1 HTTP/1.1" 404 9             | 127.0.0.1 - - [x] "POST /webhooks/monitor/****?x=1 HTTP/1.1" 404 9
            127.0.0.1 - - [x] "POST /webhooks/monitor HTTP/1.1" 200 2                      | 127.0.0.1 - - [x] "POST /webhooks/monitor HTTP/1.1" 200 2
            127.0.0.1 - - [x] "GET /api/v1/notifications HTTP/1.1" 200 9                   | 127.0.0.1 - - [x] "GET /api/v1/notifications HTTP/1.1" 200 9
            127.0.0.1 - - [x] "POST /webhooks//monitor/abc HTTP/1.1" 404 9                 | 127.0.0.1 - - [x] "POST /webhooks/**** HTTP/1.1" 404 9
            127.0.0.1 - - [x] "POST /webhooks/monitor;x HTTP/1.1" 404 9                    | 127.0.0.1 - - [x] "POST /webhooks/**** HTTP/1.1" 404 9
            127.0.0.1 - - [x] "POST /webhooks/other HTTP/1.1" 404 9                        | 127.0.0.1 - - [x] "POST /webhooks/**** HTTP/1.1" 404 9
            127.0.0.1 - - [x] "GET /api/v1/%6Dotifications HTTP/1.1" 200 9                 | 127.0.0.1 - - [x] "GET /api/v1/%6Dotifications HTTP/1.1" 200 9
            """)
    void masksWhateverFollowsTheWebhookPath(String line, String masked) {
        assertThat(MaskedAccessLog.mask(line, TOKENS)).isEqualTo(masked);
    }

    /** Spellings Tomcat routes to the webhook, or that merely carry a token. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "/webhooks/monitor/k7PqR2vX9mLw4TzY8nB3cD",
                "/webhooks//monitor/k7PqR2vX9mLw4TzY8nB3cD",
                "//webhooks/monitor/k7PqR2vX9mLw4TzY8nB3cD",
                "/webhooks/%6Donitor/k7PqR2vX9mLw4TzY8nB3cD",
                "/%77ebhooks/monitor/k7PqR2vX9mLw4TzY8nB3cD",
                "/webhooks/monitor;x/k7PqR2vX9mLw4TzY8nB3cD",
                "/webhooks;x/monitor/k7PqR2vX9mLw4TzY8nB3cD",
                "/webhooks/./monitor/k7PqR2vX9mLw4TzY8nB3cD",
                "/webhooks/x/../monitor/k7PqR2vX9mLw4TzY8nB3cD",
                "/./webhooks/monitor/k7PqR2vX9mLw4TzY8nB3cD",
                "/webhooks/monitor/%6B7PqR2vX9mLw4TzY8nB3cD",
                "/webhooks/monitor/k7PqR2vX9m%4Cw4TzY8nB3cD;x",
                "/webhooks/%2e/monitor/k7PqR2vX9mLw4TzY8nB3cD",
                "http://example.com/webhooks/monitor/k7PqR2vX9mLw4TzY8nB3cD",
                "/elsewhere/k7PqR2vX9mLw4TzY8nB3cD",
                "/elsewhere/%6b%37PqR2vX9mLw4TzY8nB3cD",
                "/elsewhere?t=k7PqR2vX9mLw4TzY8nB3cD"
            })
    void neverLogsAToken(String target) {
        String masked = MaskedAccessLog.mask("127.0.0.1 - - [x] \"POST " + target + " HTTP/1.1\" 404 9", TOKENS);

        assertThat(masked).doesNotContain(TOKEN);
        assertThat(MaskedAccessLog.decode(masked)).doesNotContain(TOKEN);
        assertThat(masked).contains("****");
    }

    /** Any method, even one Tomcat has never heard of: the request line is masked all the same. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"M-SEARCH", "X_CUSTOM", "GET"})
    void masksTheRequestLineWhateverTheMethod(String method) {
        String masked = MaskedAccessLog.mask(
                "127.0.0.1 - - [x] \"" + method + " /webhooks/monitor/%6B7PqR2vX9mLw4TzY8nB3cD HTTP/1.1\" 405 9",
                TOKENS);

        assertThat(MaskedAccessLog.decode(masked)).doesNotContain(TOKEN);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            /webhooks/monitor         | /webhooks/monitor
            /webhooks//monitor/       | /webhooks/monitor
            /webhooks/./monitor;p=1   | /webhooks/monitor
            /a/../../webhooks         | /webhooks
            http://h:80/webhooks/x    | /webhooks/x
            \\webhooks\\monitor       | /webhooks/monitor
            ''                        | /
            """)
    void normalizesAsTheContainerRoutes(String path, String normalized) {
        assertThat(MaskedAccessLog.normalize(path)).isEqualTo(normalized);
    }
}
