package dev.downtime.receiver.incidents;

import java.util.Locale;

/** What one of our own checks of a site found, compared with what Monitor reported. */
public enum Verdict {
    /** Down for us too. */
    CONFIRMED,
    /** Up for us. */
    NOT_REPRODUCED,
    /** Neither. */
    INCONCLUSIVE;

    /** As the incident's {@code verdict} shows it: {@code confirmed}, {@code not-reproduced}... */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
