package dev.downtime.receiver.maintenance;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.time.Instant;
import java.util.Locale;

/** Where a window stands at an instant; see {@link #at}. */
public enum WindowState {
    UPCOMING,
    ACTIVE,
    ENDED;

    /**
     * The one definition of a window's state: active on the half-open interval {@code [startsAt,
     * end)}, where {@code end} is the scheduled end or the moment it was ended early, if earlier.
     */
    public static WindowState at(Instant t, Instant startsAt, Instant effectiveEnd) {
        if (!t.isBefore(effectiveEnd)) {
            return ENDED;
        }
        return t.isBefore(startsAt) ? UPCOMING : ACTIVE;
    }

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static WindowState fromWireName(String name) {
        for (WindowState state : values()) {
            if (state.wireName().equals(name)) {
                return state;
            }
        }
        throw new IllegalArgumentException("state must be one of upcoming, active, ended");
    }
}
