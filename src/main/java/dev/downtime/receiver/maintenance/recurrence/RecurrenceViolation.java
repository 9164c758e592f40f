package dev.downtime.receiver.maintenance.recurrence;

/**
 * One broken rule of a recurrence, naming the field as the API carries it ({@code
 * recurrence.rrule}, {@code recurrence.skipped[2]}) with a short reason; the API maps it to a field
 * of a 400 problem.
 */
public record RecurrenceViolation(String field, String message) {}
