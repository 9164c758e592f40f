package dev.downtime.receiver.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MaskedAccessLogTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            127.0.0.1 - - [x] "POST /webhooks/monitor/k7PqR2vX9mLw4TzY8nB3cD HTTP/1.1" 200 2 | 127.0.0.1 - - [x] "POST /webhooks/monitor/**** HTTP/1.1" 200 2
            127.0.0.1 - - [x] "POST /webhooks/monitor/abc?x=1 HTTP/1.1" 404 9             | 127.0.0.1 - - [x] "POST /webhooks/monitor/****?x=1 HTTP/1.1" 404 9
            127.0.0.1 - - [x] "POST /webhooks/monitor HTTP/1.1" 200 2                      | 127.0.0.1 - - [x] "POST /webhooks/monitor HTTP/1.1" 200 2
            127.0.0.1 - - [x] "GET /api/v1/notifications HTTP/1.1" 200 9                   | 127.0.0.1 - - [x] "GET /api/v1/notifications HTTP/1.1" 200 9
            """)
    void masksWhateverFollowsTheWebhookPath(String line, String masked) {
        assertThat(MaskedAccessLog.mask(line)).isEqualTo(masked);
    }
}
