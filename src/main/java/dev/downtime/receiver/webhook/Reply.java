package dev.downtime.receiver.webhook;

import dev.downtime.receiver.maintenance.Coverage;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/** The two answers the spec allows: {@code ok}, or when the site will be back, in UTC. */
final class Reply {

    static final String OK = "ok";

    private static final DateTimeFormatter UTC_SECONDS =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

    private Reply() {}

    /**
     * The answer to a check with this code: {@code ok} for a 2xx (the site is back, per the spec)
     * or when no maintenance covers the site, else the end of the covering stretch.
     */
    static String to(int code, Coverage coverage) {
        boolean recovery = code >= 200 && code <= 299;
        Instant until = coverage.until();
        return recovery || until == null ? OK : backAt(until);
    }

    /**
     * Formats the end of maintenance as {@code 2017-11-05T13:15:30Z}, rounded up to the whole
     * second so that Monitor never resumes before maintenance is over.
     */
    static String backAt(Instant until) {
        Instant second = until.truncatedTo(ChronoUnit.SECONDS);
        return UTC_SECONDS.format(second.equals(until) ? second : second.plusSeconds(1));
    }
}
