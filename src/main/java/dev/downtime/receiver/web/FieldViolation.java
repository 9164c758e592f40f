package dev.downtime.receiver.web;

/** One invalid field of an admin request, as listed in a 400 problem's {@code errors}. */
public record FieldViolation(String field, String message) {}
