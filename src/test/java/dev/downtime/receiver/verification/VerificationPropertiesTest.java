package dev.downtime.receiver.verification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

class VerificationPropertiesTest {

    static VerificationProperties bind(Map<String, String> properties) {
        return new Binder(new MapConfigurationPropertySource(properties))
                .bindOrCreate("receiver.verification", VerificationProperties.class);
    }

    @Test
    void defaultsAreTheSafeOnesTheReadmeLists() {
        VerificationProperties defaults = bind(Map.of());

        assertThat(defaults.enabled()).isTrue();
        assertThat(defaults.allowInternalAddresses()).isFalse();
        assertThat(defaults.timeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(defaults.interval()).isEqualTo(Duration.ofMinutes(5));
        assertThat(defaults.recheckFor()).isEqualTo(Duration.ofHours(24));
        assertThat(defaults.concurrency()).isEqualTo(8);
        assertThat(defaults.followRedirects()).isFalse();
        assertThat(defaults.maxRedirects()).isEqualTo(3);
        assertThat(defaults.allowedPorts()).containsExactly(80, 443);
        assertThat(defaults.allowedDomains()).isEmpty();
        assertThat(defaults.userAgent()).isEqualTo("downtime-receiver/0.1 (site verification)");
    }

    /** One interval serves both as re-check period and as the least time between checks of a URL. */
    @Test
    void spacesChecksOfAUrlByTheReCheckInterval() {
        assertThat(bind(Map.of("receiver.verification.interval", "2m")).interval())
                .isEqualTo(Duration.ofMinutes(2));
    }

    @ParameterizedTest
    @ValueSource(strings = {"30s", "1h"})
    void acceptsIntervalsAtTheEdgesOfTheCap(String interval) {
        assertThat(bind(Map.of("receiver.verification.interval", interval)).interval())
                .isEqualTo(Duration.parse("PT" + interval.toUpperCase(java.util.Locale.ROOT)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"29s", "61m", "0s"})
    void refusesIntervalsOutsideTheCap(String interval) {
        assertThatThrownBy(() -> bind(Map.of("receiver.verification.interval", interval)))
                .isInstanceOf(BindException.class)
                .rootCause()
                .hasMessageContaining("between 30s and 1h");
    }

    @Test
    void refusesToStopReCheckingSoonerThanOneInterval() {
        assertThatThrownBy(() -> bind(
                        Map.of("receiver.verification.interval", "10m", "receiver.verification.recheck-for", "5m")))
                .isInstanceOf(BindException.class)
                .rootCause()
                .hasMessageContaining("recheck-for must be at least the interval");
    }
}
