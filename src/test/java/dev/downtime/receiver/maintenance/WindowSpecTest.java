package dev.downtime.receiver.maintenance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.downtime.receiver.web.FieldViolation;
import dev.downtime.receiver.web.InvalidRequestException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class WindowSpecTest {

    static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    static final Duration MAX = Duration.ofDays(31);

    @Test
    void acceptsAWindowThatEndsInTheFutureWithinTheMaximumLength() {
        WindowSpec spec = WindowSpec.validate(
                WindowScope.DOMAIN,
                "Example.com",
                NOW.minusSeconds(60),
                NOW.plus(MAX).minusSeconds(60),
                " db upgrade ",
                NOW,
                MAX);

        assertThat(spec.target()).isEqualTo("example.com");
        assertThat(spec.reason()).isEqualTo("db upgrade");
    }

    @Test
    void refusesAnEndBeforeOrAtTheStart() {
        assertViolations(NOW.plusSeconds(600), NOW.plusSeconds(600), "endsAt must be after startsAt");
        assertViolations(NOW.plusSeconds(600), NOW.plusSeconds(599), "endsAt must be after startsAt");
    }

    @Test
    void refusesAnEndInThePastOrNow() {
        assertViolations(NOW.minusSeconds(600), NOW, "endsAt must be in the future");
    }

    @Test
    void refusesAWindowLongerThanTheMaximum() {
        assertViolations(NOW, NOW.plus(MAX).plusSeconds(1), "endsAt must be at most 31 days after startsAt");
        WindowSpec exactlyMax = WindowSpec.validate(WindowScope.HOST, "h", NOW, NOW.plus(MAX), null, NOW, MAX);
        assertThat(exactlyMax.endsAt()).isEqualTo(NOW.plus(MAX));
    }

    @Test
    void listsEveryBrokenRuleAtOnce() {
        assertThatThrownBy(() -> WindowSpec.validate(
                        WindowScope.URL, "ftp://x", NOW.minusSeconds(60), NOW.minusSeconds(120), null, NOW, MAX))
                .isInstanceOfSatisfying(
                        InvalidRequestException.class,
                        e -> assertThat(violations(e))
                                .extracting(FieldViolation::field)
                                .containsExactly("target", "endsAt", "endsAt"));
    }

    private static void assertViolations(Instant startsAt, Instant endsAt, String expected) {
        assertThatThrownBy(() -> WindowSpec.validate(WindowScope.HOST, "h", startsAt, endsAt, null, NOW, MAX))
                .isInstanceOfSatisfying(
                        InvalidRequestException.class,
                        e -> assertThat(violations(e))
                                .extracting(v -> v.field() + " " + v.message())
                                .containsExactly(expected));
    }

    @SuppressWarnings("unchecked")
    private static List<FieldViolation> violations(InvalidRequestException e) {
        return (List<FieldViolation>) e.getBody().getProperties().get("errors");
    }
}
