package dev.downtime.receiver.maintenance.recurrence;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;

/**
 * One occurrence of a recurring window: active on the half-open interval {@code [startsAt,
 * endsAt)}, like every window.
 *
 * @param scheduledStart the local date-time the rule gave; it differs from {@code localStart} only
 *     when it fell in a DST gap. Skip or end the occurrence early by this value.
 * @param startsAt when it starts
 * @param endsAt when it ends: {@code startsAt} plus the duration, or earlier when ended early
 * @param localStart {@code startsAt} on the zone's wall clock, with its offset
 * @param localEnd {@code endsAt} on the zone's wall clock, with its offset
 * @param endedEarly whether it was ended before its scheduled end
 */
public record Occurrence(
        LocalDateTime scheduledStart,
        Instant startsAt,
        Instant endsAt,
        OffsetDateTime localStart,
        OffsetDateTime localEnd,
        boolean endedEarly) {

    public boolean isActiveAt(Instant t) {
        return !t.isBefore(startsAt) && t.isBefore(endsAt);
    }
}
