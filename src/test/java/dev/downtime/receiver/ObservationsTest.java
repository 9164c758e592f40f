package dev.downtime.receiver;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Requests are observed once (http.server.requests), not once more per security filter. */
class ObservationsTest extends PostgresIntegrationTest {

    @Autowired
    ObservationRegistry observations;

    @Test
    void observesRequestsButNotEachSecurityFilter() {
        assertThat(Observation.start("spring.security.filterchains", observations)
                        .isNoop())
                .isTrue();
        assertThat(Observation.start("spring.security.authorizations", observations)
                        .isNoop())
                .isTrue();
        assertThat(Observation.start("http.server.requests", observations).isNoop())
                .isFalse();
    }
}
