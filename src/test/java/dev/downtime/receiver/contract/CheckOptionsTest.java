package dev.downtime.receiver.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CheckOptionsTest {

    @Test
    void defaultsToTheSpecsLimitAndExample() throws Exception {
        CheckOptions options = CheckOptions.parse(List.of("https://receiver.example.net/webhooks/monitor"));

        assertThat(options)
                .isEqualTo(new CheckOptions(
                        URI.create("https://receiver.example.net/webhooks/monitor"),
                        "http://example.com",
                        "example",
                        Duration.ofSeconds(5),
                        false));
    }

    @Test
    void readsEveryOptionInBothSpellings() throws Exception {
        CheckOptions options = CheckOptions.parse(List.of(
                "--json",
                "--url-under-test=https://shop.example.net",
                "--host",
                "acme",
                "--timeout",
                "750ms",
                "--",
                "http://127.0.0.1:8080/webhooks/monitor/tok"));

        assertThat(options)
                .isEqualTo(new CheckOptions(
                        URI.create("http://127.0.0.1:8080/webhooks/monitor/tok"),
                        "https://shop.example.net",
                        "acme",
                        Duration.ofMillis(750),
                        true));
    }

    @ParameterizedTest(name = "--timeout {0} is {1}")
    @CsvSource({"2, PT2S", "2s, PT2S", "1500ms, PT1.5S", "1m, PT1M", "PT3S, PT3S"})
    void readsTimeoutsAsTheServicesPropertiesDoWithBareNumbersInSeconds(String value, Duration timeout)
            throws Exception {
        CheckOptions options = CheckOptions.parse(List.of("--timeout", value, "http://a.example"));

        assertThat(options).isNotNull();
        assertThat(options.timeout()).isEqualTo(timeout);
    }

    @Test
    void asksForHelpWhereverTheFlagIs() throws Exception {
        assertThat(CheckOptions.parse(List.of("http://a.example", "--help"))).isNull();
        assertThat(CheckOptions.parse(List.of("-h"))).isNull();
    }
}
