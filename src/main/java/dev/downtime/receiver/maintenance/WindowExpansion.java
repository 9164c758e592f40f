package dev.downtime.receiver.maintenance;

import dev.downtime.receiver.maintenance.recurrence.Occurrence;
import dev.downtime.receiver.maintenance.recurrence.RecurringSchedule;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A window as the stretches of time it covers: itself, or the occurrences of its recurrence, each
 * cut at the window's effective end. The in-memory index, the decision at any instant and the
 * check of promises all read windows this one way.
 */
final class WindowExpansion {

    private WindowExpansion() {}

    /**
     * The window's stretches that overlap {@code [from, to)}, in order of start.
     *
     * @param effectiveEnd the scheduled end, or when it was ended early; for a recurring window, no
     *     occurrence runs past it
     */
    static List<ScheduledWindow> between(
            UUID id,
            WindowScope scope,
            String target,
            Instant startsAt,
            Instant effectiveEnd,
            @Nullable String reason,
            @Nullable RecurringSchedule recurrence,
            Instant from,
            Instant to) {
        if (recurrence == null) {
            boolean overlaps = startsAt.isBefore(to) && effectiveEnd.isAfter(from) && effectiveEnd.isAfter(startsAt);
            return overlaps
                    ? List.of(new ScheduledWindow(id, scope, target, startsAt, effectiveEnd, reason))
                    : List.of();
        }
        Instant last = from.plus(RecurringSchedule.MAX_SPAN);
        List<ScheduledWindow> found = new ArrayList<>();
        for (Occurrence occurrence : recurrence.occurrencesBetween(from, to.isAfter(last) ? last : to)) {
            Instant end = occurrence.endsAt().isAfter(effectiveEnd) ? effectiveEnd : occurrence.endsAt();
            if (end.isAfter(occurrence.startsAt()) && end.isAfter(from)) {
                found.add(new ScheduledWindow(
                        id, scope, target, occurrence.startsAt(), end, reason, occurrence.scheduledStart()));
            }
        }
        return found;
    }

    static List<ScheduledWindow> between(MaintenanceWindow window, Instant from, Instant to) {
        return between(
                window.id(),
                window.scope(),
                window.target(),
                window.startsAt(),
                window.effectiveEnd(),
                window.reason(),
                window.recurrence().map(RecurringSchedule::of).orElse(null),
                from,
                to);
    }

    /**
     * The first instant at or after {@code from} that {@code before} covers and {@code after} does
     * not: where a change starts taking cover away. Empty when it takes none.
     */
    static Optional<Instant> firstLost(List<ScheduledWindow> before, List<ScheduledWindow> after, Instant from) {
        Instant earliest = null;
        for (ScheduledWindow old : before) {
            Instant point = old.startsAt().isBefore(from) ? from : old.startsAt();
            while (point.isBefore(old.endsAt())) {
                Instant coveredUntil = null;
                for (ScheduledWindow kept : after) {
                    if (kept.isActiveAt(point)) {
                        coveredUntil = coveredUntil == null || kept.endsAt().isAfter(coveredUntil)
                                ? kept.endsAt()
                                : coveredUntil;
                    }
                }
                if (coveredUntil == null) {
                    earliest = earliest == null || point.isBefore(earliest) ? point : earliest;
                    break;
                }
                point = coveredUntil;
            }
        }
        return Optional.ofNullable(earliest);
    }
}
