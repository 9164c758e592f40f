package dev.downtime.receiver.alerts.grouping;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Reads an HTTP {@code Retry-After} header (RFC 9110, section 10.2.3): a number of seconds, or an
 * HTTP-date in any of the three forms a recipient must accept (IMF-fixdate, the obsolete RFC 850
 * form and asctime).
 */
public final class RetryAfter {

    /** The longest wait honoured: an endpoint cannot silence a channel for longer by asking. */
    public static final Duration MAX = Duration.ofHours(1);

    private static final Pattern SECONDS = Pattern.compile("[0-9]+");

    private static final List<DateTimeFormatter> DATES = List.of(
            DateTimeFormatter.RFC_1123_DATE_TIME,
            // Sunday, 06-Nov-94 08:49:37 GMT
            new DateTimeFormatterBuilder()
                    .appendPattern("EEEE, dd-MMM-")
                    .appendValueReduced(ChronoField.YEAR, 2, 2, 1970)
                    .appendPattern(" HH:mm:ss 'GMT'")
                    .toFormatter(Locale.US)
                    .withZone(ZoneOffset.UTC),
            // Sun Nov  6 08:49:37 1994
            DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss uuuu", Locale.US).withZone(ZoneOffset.UTC));

    private RetryAfter() {}

    /**
     * When the sender may try again: never before {@code now}, never after {@code now} + {@link
     * #MAX}; empty when the header is absent or not a valid value (then it says nothing).
     */
    public static Optional<Instant> parse(@Nullable String header, Instant now) {
        if (header == null) {
            return Optional.empty();
        }
        String value = header.strip();
        Instant latest = now.plus(MAX);
        if (SECONDS.matcher(value).matches()) {
            // More digits than a long holds is as good as forever: capped like any long wait.
            long seconds = value.length() > 18 ? Long.MAX_VALUE : Long.parseLong(value);
            return Optional.of(seconds >= MAX.toSeconds() ? latest : now.plusSeconds(seconds));
        }
        for (DateTimeFormatter format : DATES) {
            try {
                Instant at = ZonedDateTime.parse(value, format).toInstant();
                return Optional.of(at.isBefore(now) ? now : at.isAfter(latest) ? latest : at);
            } catch (DateTimeException e) {
                // not this form; try the next
            }
        }
        return Optional.empty();
    }
}
