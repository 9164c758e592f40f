package dev.downtime.receiver.maintenance.recurrence;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A recurrence as a client sent it, every value still text, so that each bad value is answered
 * with its own field and reason rather than a generic "unreadable body". See {@link
 * RecurringSchedule#validate(RecurrenceText, java.time.Duration)}.
 */
public record RecurrenceText(
        @Nullable String rrule,
        @Nullable String timeZone,
        @Nullable String start,
        @Nullable String duration,
        @Nullable List<@Nullable String> skipped,
        @Nullable String endsFrom,
        @Nullable List<@Nullable EarlyEndText> endedEarly) {

    /** The four fields of the shape, without exceptions. */
    public RecurrenceText(
            @Nullable String rrule, @Nullable String timeZone, @Nullable String start, @Nullable String duration) {
        this(rrule, timeZone, start, duration, null, null, null);
    }

    public record EarlyEndText(
            @Nullable String start, @Nullable String endedAt) {}
}
