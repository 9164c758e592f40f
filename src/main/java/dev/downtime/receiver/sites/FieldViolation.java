package dev.downtime.receiver.sites;

/**
 * One broken rule, naming the field as the API carries it ({@code labels.server}, {@code target})
 * with a short reason that completes the field's name; the API maps it to a field of a 400 problem.
 */
public record FieldViolation(String field, String message) {}
