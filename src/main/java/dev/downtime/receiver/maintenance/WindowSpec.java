package dev.downtime.receiver.maintenance;

import dev.downtime.receiver.maintenance.recurrence.Recurrence;
import dev.downtime.receiver.maintenance.recurrence.RecurrenceText;
import dev.downtime.receiver.maintenance.recurrence.RecurrenceValidation;
import dev.downtime.receiver.maintenance.recurrence.RecurringSchedule;
import dev.downtime.receiver.web.FieldViolation;
import dev.downtime.receiver.web.InvalidRequestException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A window's schedule and target once every rule has been checked; the only ways to build one are
 * {@link #validate} and {@link #validateRecurring}.
 *
 * @param recurrence when the window recurs; {@code startsAt} is then its first occurrence's start
 *     and {@code endsAt} an instant no occurrence ends after ({@link #SERIES_OPEN} when open-ended)
 */
record WindowSpec(
        WindowScope scope,
        String target,
        Instant startsAt,
        Instant endsAt,
        @Nullable String reason,
        @Nullable Recurrence recurrence) {

    /** The end of an open-ended series, as stored: the last instant the recurrence engine answers for. */
    static final Instant SERIES_OPEN = Instant.parse("3000-01-01T00:00:00Z");

    /**
     * The rules for creating or rescheduling a window, in one place: a target valid for its scope,
     * {@code endsAt} after {@code startsAt} and in the future, and a length within the maximum.
     *
     * @throws InvalidRequestException listing every rule broken
     */
    static WindowSpec validate(
            WindowScope scope,
            String target,
            Instant startsAt,
            Instant endsAt,
            @Nullable String reason,
            Instant now,
            Duration maxLength) {
        List<FieldViolation> violations = new ArrayList<>();
        String normalizedTarget = normalizedTarget(scope, target, violations);
        if (!endsAt.isAfter(startsAt)) {
            violations.add(new FieldViolation("endsAt", "must be after startsAt"));
        } else if (Duration.between(startsAt, endsAt).compareTo(maxLength) > 0) {
            violations.add(new FieldViolation("endsAt", "must be at most " + describe(maxLength) + " after startsAt"));
        }
        if (!endsAt.isAfter(now)) {
            violations.add(new FieldViolation("endsAt", "must be in the future"));
        }
        if (!violations.isEmpty()) {
            throw new InvalidRequestException(violations);
        }
        return new WindowSpec(
                scope,
                normalizedTarget,
                startsAt.truncatedTo(ChronoUnit.MICROS),
                endsAt.truncatedTo(ChronoUnit.MICROS),
                blankToNull(reason),
                null);
    }

    /**
     * The rules for a recurring window: a target valid for its scope, a recurrence that passes
     * {@link RecurringSchedule#validate} (each failure under its {@code recurrence.*} field), no
     * {@code startsAt} or {@code endsAt} (the recurrence gives them), and an occurrence left to come.
     *
     * @throws InvalidRequestException listing every rule broken
     */
    static WindowSpec validateRecurring(
            WindowScope scope,
            String target,
            @Nullable Instant startsAt,
            @Nullable Instant endsAt,
            RecurrenceText recurrence,
            @Nullable String reason,
            Instant now,
            Duration maxLength) {
        List<FieldViolation> violations = new ArrayList<>();
        String normalizedTarget = normalizedTarget(scope, target, violations);
        if (startsAt != null) {
            violations.add(
                    new FieldViolation("startsAt", "must be left out of a recurring window: see recurrence.start"));
        }
        if (endsAt != null) {
            violations.add(new FieldViolation("endsAt", "must be left out of a recurring window: see recurrence"));
        }
        Recurrence valid = null;
        switch (RecurringSchedule.validate(recurrence, maxLength)) {
            case RecurrenceValidation.Invalid(var broken) ->
                broken.forEach(v -> violations.add(new FieldViolation(v.field(), v.message())));
            case RecurrenceValidation.Valid(var schedule) -> {
                valid = schedule.recurrence();
                if (!seriesEnd(schedule).isAfter(now)) {
                    violations.add(new FieldViolation("recurrence", "has no occurrence left to take place"));
                }
            }
        }
        if (!violations.isEmpty() || valid == null) {
            throw new InvalidRequestException(violations);
        }
        return recurring(scope, normalizedTarget, blankToNull(reason), RecurringSchedule.of(valid));
    }

    /** A recurring window's spec once its recurrence has changed (an exception added). */
    static WindowSpec recurring(WindowScope scope, String target, @Nullable String reason, RecurringSchedule schedule) {
        Recurrence recurrence = schedule.recurrence();
        Instant first = recurrence.start().atZone(recurrence.timeZone()).toInstant();
        return new WindowSpec(scope, target, first, seriesEnd(schedule), reason, recurrence);
    }

    private static Instant seriesEnd(RecurringSchedule schedule) {
        return schedule.endBound().orElse(SERIES_OPEN);
    }

    private static String normalizedTarget(WindowScope scope, String target, List<FieldViolation> violations) {
        try {
            return WindowTarget.normalize(scope, target);
        } catch (IllegalArgumentException e) {
            violations.add(new FieldViolation("target", Objects.requireNonNullElse(e.getMessage(), "is invalid")));
            return target;
        }
    }

    private static @Nullable String blankToNull(@Nullable String reason) {
        return reason == null || reason.isBlank() ? null : reason.strip();
    }

    private static String describe(Duration length) {
        if (length.toSeconds() % 86_400 == 0) {
            long days = length.toDays();
            return days + (days == 1 ? " day" : " days");
        }
        return length.toString();
    }

    /** A request's window, one-off or recurring, checked; every refusal names its field. */
    static WindowSpec of(WindowRequest request, Instant startsAt, Instant now, Duration maxWindowLength) {
        if (request.recurrence() != null) {
            return WindowSpec.validateRecurring(
                    request.scope(),
                    request.target(),
                    request.startsAt(),
                    request.endsAt(),
                    request.recurrence(),
                    request.reason(),
                    now,
                    maxWindowLength);
        }
        if (request.endsAt() == null) {
            throw InvalidRequestException.of("endsAt", "must not be null");
        }
        return WindowSpec.validate(
                request.scope(), request.target(), startsAt, request.endsAt(), request.reason(), now, maxWindowLength);
    }
}
