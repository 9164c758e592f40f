package dev.downtime.receiver.web;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import org.jspecify.annotations.Nullable;

/**
 * Reads the fields of the console's forms, which arrive as text: a blank field is absent, and a
 * malformed one is refused naming the field, as the admin API refuses a malformed JSON value.
 */
public final class ConsoleForms {

    private ConsoleForms() {}

    /** @return the trimmed text, or null when blank */
    public static @Nullable String text(@Nullable String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    /**
     * An instant typed as an ISO-8601 instant ({@code 2026-03-01T12:00:00Z}) or as what an HTML
     * {@code datetime-local} input sends ({@code 2026-03-01T12:00}), which is read as UTC.
     */
    public static @Nullable Instant instant(String field, @Nullable String value) {
        String text = text(value);
        if (text == null) {
            return null;
        }
        Instant instant;
        try {
            instant = text.endsWith("Z") || text.endsWith("z")
                    ? Instant.parse(text.toUpperCase(java.util.Locale.ROOT))
                    : LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw InvalidRequestException.of(field, "must be a UTC date and time such as 2026-03-01T12:00");
        }
        if (instant.isBefore(BoundedInstantFormatter.MIN) || instant.isAfter(BoundedInstantFormatter.MAX)) {
            throw InvalidRequestException.of(field, "must be between the years 0 and 9999");
        }
        return instant;
    }

    /** A whole number of minutes, from 1 to {@code max}. */
    public static @Nullable Duration minutes(String field, @Nullable String value, Duration max) {
        String text = text(value);
        if (text == null) {
            return null;
        }
        long minutes;
        try {
            minutes = Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw InvalidRequestException.of(field, "must be a whole number of minutes");
        }
        if (minutes < 1 || minutes > max.toMinutes()) {
            throw InvalidRequestException.of(field, "must be from 1 to " + max.toMinutes() + " minutes");
        }
        return Duration.ofMinutes(minutes);
    }

    /** A version sent back by a form, for the optimistic lock; null when absent. */
    public static @Nullable Long version(@Nullable String value) {
        String text = text(value);
        if (text == null) {
            return null;
        }
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw InvalidRequestException.of("version", "must be the number the page was loaded with");
        }
    }
}
