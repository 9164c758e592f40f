package dev.downtime.receiver.maintenance;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class CoverageTest {

    static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

    /** A window from NOW+start to NOW+end, in minutes. */
    static ScheduledWindow window(String name, long startMinutes, long endMinutes) {
        return new ScheduledWindow(
                UUID.nameUUIDFromBytes(name.getBytes()),
                WindowScope.URL,
                "http://example.com",
                NOW.plus(Duration.ofMinutes(startMinutes)),
                NOW.plus(Duration.ofMinutes(endMinutes)),
                name);
    }

    static Instant at(long minutes) {
        return NOW.plus(Duration.ofMinutes(minutes));
    }

    static Stream<Arguments> stretches() {
        return Stream.of(
                Arguments.of("no window", List.of(), null, List.of()),
                Arguments.of("one active window", List.of(window("a", -10, 30)), at(30), List.of("a")),
                Arguments.of(
                        "overlapping windows chain to the latest end",
                        List.of(window("a", -10, 30), window("b", 20, 90)),
                        at(90),
                        List.of("a", "b")),
                Arguments.of(
                        "two active windows: the later end wins",
                        List.of(window("a", -10, 30), window("b", -5, 60)),
                        at(60),
                        List.of("a", "b")),
                Arguments.of(
                        "adjacent windows [a,b) [b,c) chain",
                        List.of(window("a", -10, 30), window("b", 30, 45)),
                        at(45),
                        List.of("a", "b")),
                Arguments.of(
                        "a gap breaks the stretch",
                        List.of(window("a", -10, 30), window("b", 31, 45)),
                        at(30),
                        List.of("a")),
                Arguments.of(
                        "chains transitively, in any order given",
                        List.of(window("c", 60, 120), window("a", -10, 30), window("b", 25, 60)),
                        at(120),
                        List.of("a", "b", "c")),
                Arguments.of(
                        "a window inside the stretch does not shorten it",
                        List.of(window("a", -10, 60), window("b", 10, 20)),
                        at(60),
                        List.of("a", "b")),
                Arguments.of("only upcoming windows: not covered", List.of(window("b", 5, 60)), null, List.of()),
                Arguments.of(
                        "ended windows do not count",
                        List.of(window("a", -60, -10), window("b", 5, 60)),
                        null,
                        List.of()),
                Arguments.of(
                        "a window ended early ends the stretch where it was ended",
                        List.of(endedEarly(window("a", -10, 60), 20)),
                        at(20),
                        List.of("a")),
                Arguments.of(
                        "a window ended early no longer reaches the next one",
                        List.of(endedEarly(window("a", -10, 60), 20), window("b", 40, 90)),
                        at(20),
                        List.of("a")),
                Arguments.of(
                        "starts exactly now: active (start is inclusive)",
                        List.of(window("a", 0, 30)),
                        at(30),
                        List.of("a")),
                Arguments.of(
                        "ends exactly now: not active (end is exclusive)",
                        List.of(window("a", -30, 0)),
                        null,
                        List.of()),
                Arguments.of(
                        "ends exactly now, next starts now: the next one covers",
                        List.of(window("a", -30, 0), window("b", 0, 15)),
                        at(15),
                        List.of("b")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stretches")
    void coversTheContinuousStretchOfMatchingWindows(
            String description, List<ScheduledWindow> matching, @Nullable Instant until, List<String> stretch) {
        Coverage coverage = Coverage.at(matching, NOW);

        assertThat(coverage.until()).isEqualTo(until);
        assertThat(coverage.covered()).isEqualTo(until != null);
        assertThat(coverage.windows()).extracting(ScheduledWindow::reason).containsExactlyElementsOf(stretch);
    }

    static ScheduledWindow endedEarly(ScheduledWindow window, long endedMinutes) {
        // The index holds a window with its effective end: the moment it was ended.
        return new ScheduledWindow(
                window.id(), window.scope(), window.target(), window.startsAt(), at(endedMinutes), window.reason());
    }

    @ParameterizedTest(name = "start + {0}s of a one-hour window: {1}")
    @CsvSource({"-1, UPCOMING", "0, ACTIVE", "1, ACTIVE", "3599, ACTIVE", "3600, ENDED", "3601, ENDED"})
    void isActiveOnTheHalfOpenInterval(long secondsAfterStart, WindowState expected) {
        ScheduledWindow w = window("a", 0, 60);
        assertThat(w.stateAt(w.startsAt().plusSeconds(secondsAfterStart))).isEqualTo(expected);
    }
}
