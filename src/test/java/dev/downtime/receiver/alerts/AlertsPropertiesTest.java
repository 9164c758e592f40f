package dev.downtime.receiver.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

class AlertsPropertiesTest {

    static AlertsProperties bound() {
        return new Binder(new MapConfigurationPropertySource()).bindOrCreate("receiver.alerts", AlertsProperties.class);
    }

    @Test
    void defaultsToNoChannelsTenAttemptsAndTenSecondSends() {
        AlertsProperties defaults = bound();

        assertThat(defaults.webhook().url()).isNull();
        assertThat(defaults.slack().url()).isNull();
        assertThat(defaults.email().to()).isEmpty();
        assertThat(defaults.email().from()).isEqualTo("downtime-receiver@localhost");
        assertThat(defaults.maxAttempts()).isEqualTo(10);
        assertThat(defaults.initialBackoff()).isEqualTo(Duration.ofSeconds(5));
        assertThat(defaults.maxBackoff()).isEqualTo(Duration.ofMinutes(10));
        assertThat(defaults.dispatchInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(defaults.sendTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(defaults.recovery()).isEqualTo(AlertsProperties.Recovery.ALERTED);
    }

    @Test
    void bindsTheRecoveryModeAsWrittenInTheReadme() {
        Binder binder = new Binder(new MapConfigurationPropertySource(Map.of("receiver.alerts.recovery", "always")));

        assertThat(binder.bindOrCreate("receiver.alerts", AlertsProperties.class)
                        .recovery())
                .isEqualTo(AlertsProperties.Recovery.ALWAYS);
    }

    /** With the defaults: 5 s doubled after each failure, never more than 10 min. */
    @ParameterizedTest
    @CsvSource({"1, PT5S", "2, PT10S", "3, PT20S", "4, PT40S", "7, PT5M20S", "8, PT10M", "9, PT10M", "1000, PT10M"})
    void waitsTwiceAsLongAfterEachFailureUpToTheMaximum(int attempts, Duration wait) {
        assertThat(bound().backoffAfter(attempts)).isEqualTo(wait);
    }
}
