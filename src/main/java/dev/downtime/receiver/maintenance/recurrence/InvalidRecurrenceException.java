package dev.downtime.receiver.maintenance.recurrence;

import java.util.List;
import java.util.stream.Collectors;

/** A stored recurrence that can no longer be evaluated, for instance because its zone is gone. */
public final class InvalidRecurrenceException extends IllegalArgumentException {

    private final transient List<RecurrenceViolation> violations;

    InvalidRecurrenceException(List<RecurrenceViolation> violations) {
        super(violations.stream().map(v -> v.field() + " " + v.message()).collect(Collectors.joining("; ")));
        this.violations = List.copyOf(violations);
    }

    public List<RecurrenceViolation> violations() {
        return violations;
    }
}
