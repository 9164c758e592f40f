package dev.downtime.receiver.maintenance.recurrence;

import java.util.List;

/** The outcome of checking a recurrence: a schedule ready to expand, or every rule it breaks. */
public sealed interface RecurrenceValidation {

    record Valid(RecurringSchedule schedule) implements RecurrenceValidation {}

    record Invalid(List<RecurrenceViolation> violations) implements RecurrenceValidation {

        public Invalid {
            if (violations.isEmpty()) {
                throw new IllegalArgumentException("an invalid recurrence breaks at least one rule");
            }
            violations = List.copyOf(violations);
        }
    }
}
