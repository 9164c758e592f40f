package dev.downtime.receiver.maintenance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.downtime.receiver.maintenance.recurrence.Recurrence;
import dev.downtime.receiver.maintenance.recurrence.RecurringSchedule;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What a window covers, and where a change starts taking cover away (what promises are checked against). */
class WindowExpansionTest {

    static final UUID ID = UUID.randomUUID();

    /** Hours of 1 March 2026 as half-open windows: "10-12 20-21". */
    static List<ScheduledWindow> hours(@Nullable String spans) {
        if (spans == null) {
            return List.of();
        }
        return Arrays.stream(spans.split(" "))
                .map(span -> span.split("-"))
                .map(h -> new ScheduledWindow(ID, WindowScope.HOST, "h", hour(h[0]), hour(h[1]), null))
                .toList();
    }

    static Instant hour(String hour) {
        return Instant.parse("2026-03-01T00:00:00Z").plus(Duration.ofHours(Integer.parseInt(hour)));
    }

    @ParameterizedTest(name = "{0} -> {1} from {2}: lost at {3}")
    @CsvSource(textBlock = """
            10-12,       10-11,       10, 11
            10-12,       ,            10, 10
            10-12,       ,            11, 11
            10-12,       9-13,        10,
            10-12,       10-11 11-12, 10,
            10-12,       10-11 11-13, 10,
            10-11 20-21, 10-11,       10, 20
            10-12,       10-11,       11, 11
            10-12,       10-11,       12,
            10-12,       11-12,       10, 10
            """)
    void findsTheFirstInstantTheChangeNoLongerCovers(
            String before, @Nullable String after, String from, @Nullable String lost) {
        Optional<Instant> found = WindowExpansion.firstLost(hours(before), hours(after), hour(from));

        assertThat(found).isEqualTo(Optional.ofNullable(lost).map(WindowExpansionTest::hour));
    }

    @Test
    void expandsARecurringWindowIntoItsOccurrencesCutAtTheWindowsEnd() {
        RecurringSchedule daily = RecurringSchedule.of(new Recurrence(
                "FREQ=DAILY",
                ZoneId.of("Europe/Berlin"),
                LocalDateTime.parse("2026-03-01T14:00"),
                Duration.ofHours(1)));

        List<ScheduledWindow> occurrences = WindowExpansion.between(
                ID,
                WindowScope.HOST,
                "h",
                hour("13"),
                Instant.parse("2026-03-03T13:30:00Z"),
                null,
                daily,
                hour("13").plusSeconds(1800),
                Instant.parse("2026-03-05T00:00:00Z"));

        assertThat(occurrences)
                .extracting(ScheduledWindow::startsAt, ScheduledWindow::endsAt, ScheduledWindow::occurrence)
                .containsExactly(
                        tuple(hour("13"), hour("14"), LocalDateTime.parse("2026-03-01T14:00")),
                        tuple(hour("37"), hour("38"), LocalDateTime.parse("2026-03-02T14:00")),
                        tuple(
                                hour("61"),
                                Instant.parse("2026-03-03T13:30:00Z"),
                                LocalDateTime.parse("2026-03-03T14:00")));
    }
}
