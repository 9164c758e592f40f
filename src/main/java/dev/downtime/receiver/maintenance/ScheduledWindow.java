package dev.downtime.receiver.maintenance;

import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A maintenance window as the in-memory index holds it: immutable, with its effective end (the
 * scheduled end, or when it was ended early).
 */
public record ScheduledWindow(
        UUID id,
        WindowScope scope,
        String target,
        Instant startsAt,
        Instant endsAt,
        @Nullable String reason) {

    public WindowState stateAt(Instant t) {
        return WindowState.at(t, startsAt, endsAt);
    }

    public boolean isActiveAt(Instant t) {
        return stateAt(t) == WindowState.ACTIVE;
    }
}
