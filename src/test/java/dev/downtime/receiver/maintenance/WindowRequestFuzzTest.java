package dev.downtime.receiver.maintenance;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.code_intelligence.jazzer.mutation.annotation.NotNull;
import dev.downtime.receiver.web.InvalidRequestException;
import dev.downtime.receiver.web.JsonLimits;
import java.time.Duration;
import java.time.Instant;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Any admin request body either becomes a window that obeys every rule, or is refused the way the
 * API refuses it: unreadable JSON or a list of invalid fields. Never another exception.
 */
class WindowRequestFuzzTest {

    static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    static final Duration MAX = Duration.ofDays(31);

    /** Reads as the service's own mapper does, with the same stream limits. */
    static final JsonMapper JSON = JsonLimits.requestMapper();

    @FuzzTest(maxDuration = "30s")
    void turnsAnyBodyIntoAValidWindowOrRefusesIt(@NotNull String body) {
        WindowRequest request;
        try {
            request = JSON.readValue(body, WindowRequest.class);
        } catch (JacksonException unreadable) {
            return;
        }
        if (request == null || request.scope() == null || request.target() == null || request.endsAt() == null) {
            return; // refused by bean validation before the rules run
        }
        Instant startsAt = request.startsAt() != null ? request.startsAt() : NOW;
        WindowSpec spec;
        try {
            spec = WindowSpec.validate(
                    request.scope(), request.target(), startsAt, request.endsAt(), request.reason(), NOW, MAX);
        } catch (InvalidRequestException refused) {
            return;
        }
        assertThat(spec.endsAt()).isAfter(spec.startsAt()).isAfter(NOW);
        assertThat(Duration.between(spec.startsAt(), spec.endsAt())).isLessThanOrEqualTo(MAX);
        assertThat(WindowTarget.normalize(spec.scope(), spec.target())).isEqualTo(spec.target());
    }
}
