package dev.downtime.receiver.maintenance.recurrence;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A recurring window's schedule as stored and sent: an RFC 5545 rule read in local time in {@code
 * timeZone} from {@code start}, each occurrence lasting {@code duration} of elapsed time, and the
 * exceptions operators made. Occurrences are never stored: {@link RecurringSchedule} computes them
 * from these local values when asked, so a change to the zone's rules (tzdata) moves every future
 * occurrence with it. Check one with {@link RecurringSchedule#validate}.
 *
 * @param rrule the RRULE value, such as {@code FREQ=WEEKLY;BYDAY=TU}; open-ended, or bounded by
 *     {@code COUNT} or {@code UNTIL}
 * @param timeZone an IANA zone, such as {@code Europe/Berlin}
 * @param start the first occurrence's local start; the rule's other parts are read from it
 * @param duration how long each occurrence lasts, in elapsed time (a 2 h occurrence that crosses a
 *     DST change still lasts 2 real hours)
 * @param skipped occurrences that do not take place, by their local start (RFC 5545 {@code EXDATE})
 * @param endsFrom no occurrence starting at or after this instant takes place; one already running
 *     then is not shortened (end it early for that)
 * @param endedEarly occurrences ended before their scheduled end, without touching the next ones
 */
public record Recurrence(
        String rrule,
        ZoneId timeZone,
        LocalDateTime start,
        Duration duration,
        List<LocalDateTime> skipped,
        @Nullable Instant endsFrom,
        List<EarlyEnd> endedEarly) {

    /**
     * One occurrence ended early.
     *
     * @param start the occurrence's local start, as for {@link Recurrence#skipped}
     * @param endedAt when it ended; at or before its start, the occurrence does not take place
     */
    public record EarlyEnd(LocalDateTime start, Instant endedAt) {

        public EarlyEnd {
            Objects.requireNonNull(start, "start");
            Objects.requireNonNull(endedAt, "endedAt");
        }
    }

    public Recurrence {
        Objects.requireNonNull(rrule, "rrule");
        Objects.requireNonNull(timeZone, "timeZone");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(duration, "duration");
        // Sorted and without repeats, so that equal schedules are equal values.
        skipped = skipped.stream().distinct().sorted().toList();
        endedEarly = endedEarly.stream()
                .distinct()
                .sorted(Comparator.comparing(EarlyEnd::start).thenComparing(EarlyEnd::endedAt))
                .toList();
    }

    /** A recurrence without exceptions. */
    public Recurrence(String rrule, ZoneId timeZone, LocalDateTime start, Duration duration) {
        this(rrule, timeZone, start, duration, List.of(), null, List.of());
    }

    /** This recurrence with one more occurrence skipped, by its local start. */
    public Recurrence skipping(LocalDateTime occurrenceStart) {
        List<LocalDateTime> more = new ArrayList<>(skipped);
        more.add(occurrenceStart);
        return new Recurrence(rrule, timeZone, start, duration, more, endsFrom, endedEarly);
    }

    /** This recurrence with no occurrence starting at or after {@code at}; an earlier end stays. */
    public Recurrence endingFrom(Instant at) {
        Instant end = endsFrom != null && endsFrom.isBefore(at) ? endsFrom : at;
        return new Recurrence(rrule, timeZone, start, duration, skipped, end, endedEarly);
    }

    /** This recurrence with the occurrence starting at {@code occurrenceStart} ended at {@code at}. */
    public Recurrence endingEarly(LocalDateTime occurrenceStart, Instant at) {
        List<EarlyEnd> more = new ArrayList<>(endedEarly);
        more.add(new EarlyEnd(occurrenceStart, at));
        return new Recurrence(rrule, timeZone, start, duration, skipped, endsFrom, more);
    }
}
