package dev.downtime.receiver.maintenance;

import java.time.Instant;
import java.time.LocalDateTime;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A maintenance window as the in-memory index holds it: immutable, with its effective end (the
 * scheduled end, or when it was ended early). A recurring window is held as one of these per
 * occurrence, all with the window's id.
 *
 * @param occurrence for an occurrence of a recurring window, its scheduled local start (what skips
 *     and early ends name it by); null for a one-off window
 */
public record ScheduledWindow(
        UUID id,
        WindowScope scope,
        String target,
        Instant startsAt,
        Instant endsAt,
        @Nullable String reason,
        @Nullable LocalDateTime occurrence) {

    /** A one-off window. */
    public ScheduledWindow(
            UUID id, WindowScope scope, String target, Instant startsAt, Instant endsAt, @Nullable String reason) {
        this(id, scope, target, startsAt, endsAt, reason, null);
    }

    public WindowState stateAt(Instant t) {
        return WindowState.at(t, startsAt, endsAt);
    }

    public boolean isActiveAt(Instant t) {
        return stateAt(t) == WindowState.ACTIVE;
    }
}
