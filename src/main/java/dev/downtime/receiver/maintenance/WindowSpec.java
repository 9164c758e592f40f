package dev.downtime.receiver.maintenance;

import dev.downtime.receiver.web.FieldViolation;
import dev.downtime.receiver.web.InvalidRequestException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** A window's schedule and target once every rule has been checked; the only way to build one is {@link #validate}. */
record WindowSpec(
        WindowScope scope,
        String target,
        Instant startsAt,
        Instant endsAt,
        @Nullable String reason) {

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
        String normalizedTarget = target;
        try {
            normalizedTarget = WindowTarget.normalize(scope, target);
        } catch (IllegalArgumentException e) {
            violations.add(new FieldViolation("target", Objects.requireNonNullElse(e.getMessage(), "is invalid")));
        }
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
        String blankToNull = reason == null || reason.isBlank() ? null : reason.strip();
        return new WindowSpec(
                scope,
                normalizedTarget,
                startsAt.truncatedTo(ChronoUnit.MICROS),
                endsAt.truncatedTo(ChronoUnit.MICROS),
                blankToNull);
    }

    private static String describe(Duration length) {
        if (length.toSeconds() % 86_400 == 0) {
            long days = length.toDays();
            return days + (days == 1 ? " day" : " days");
        }
        return length.toString();
    }
}
