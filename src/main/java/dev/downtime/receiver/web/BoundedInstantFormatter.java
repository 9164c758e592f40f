package dev.downtime.receiver.web;

import java.text.ParseException;
import java.time.Instant;
import java.util.Locale;
import org.springframework.format.Formatter;
import org.springframework.format.datetime.standard.InstantFormatter;

/**
 * Reads an instant from a query parameter or path variable as Spring does, but only from year 0 to
 * 9999 (the years the webhook takes a {@code ts} in): Java reads years up to a billion, which
 * PostgreSQL cannot hold and {@code OffsetDateTime} cannot always express, and such a filter
 * failed the query with a 500. Out of range it is a type mismatch, answered 400 on the field.
 */
class BoundedInstantFormatter implements Formatter<Instant> {

    static final Instant MIN = Instant.parse("0000-01-01T00:00:00Z");
    static final Instant MAX = Instant.parse("9999-12-31T23:59:59.999999999Z");

    private final InstantFormatter spring = new InstantFormatter();

    @Override
    public Instant parse(String text, Locale locale) throws ParseException {
        Instant instant = spring.parse(text, locale);
        if (instant.isBefore(MIN) || instant.isAfter(MAX)) {
            throw new IllegalArgumentException("instant outside years 0 to 9999");
        }
        return instant;
    }

    @Override
    public String print(Instant instant, Locale locale) {
        return spring.print(instant, locale);
    }
}
