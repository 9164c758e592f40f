package dev.downtime.receiver.maintenance;

import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A scheduled maintenance window. It guards its own state changes: only a window that has not
 * ended can be rescheduled or ended, only an upcoming one may be deleted.
 */
class MaintenanceWindow {

    private final UUID id;
    private WindowScope scope;
    private String target;
    private Instant startsAt;
    private Instant endsAt;
    private @Nullable String reason;
    private final String createdBy;
    private final Instant createdAt;
    private Instant updatedAt;
    private @Nullable Instant endedAt;

    /** A new window, planned now. */
    MaintenanceWindow(UUID id, WindowSpec spec, String createdBy, Instant now) {
        this(id, spec.scope(), spec.target(), spec.startsAt(), spec.endsAt(), spec.reason(), createdBy, now, now, null);
    }

    /** A window as stored. */
    MaintenanceWindow(
            UUID id,
            WindowScope scope,
            String target,
            Instant startsAt,
            Instant endsAt,
            @Nullable String reason,
            String createdBy,
            Instant createdAt,
            Instant updatedAt,
            @Nullable Instant endedAt) {
        this.id = id;
        this.scope = scope;
        this.target = target;
        this.startsAt = startsAt;
        this.endsAt = endsAt;
        this.reason = reason;
        this.createdBy = createdBy;
        this.createdAt = createdAt;
        this.updatedAt = updatedAt;
        this.endedAt = endedAt;
    }

    WindowState stateAt(Instant t) {
        return WindowState.at(t, startsAt, effectiveEnd());
    }

    /** The scheduled end, or the moment the window was ended early. */
    Instant effectiveEnd() {
        return endedAt != null && endedAt.isBefore(endsAt) ? endedAt : endsAt;
    }

    void reschedule(WindowSpec spec, Instant now) {
        if (stateAt(now) == WindowState.ENDED) {
            throw WindowStateConflictException.alreadyEnded(id);
        }
        this.scope = spec.scope();
        this.target = spec.target();
        this.startsAt = spec.startsAt();
        this.endsAt = spec.endsAt();
        this.reason = spec.reason();
        this.updatedAt = now;
    }

    /** Ends the window now; an upcoming window ended this way never becomes active. */
    void end(Instant now) {
        if (stateAt(now) == WindowState.ENDED) {
            throw WindowStateConflictException.alreadyEnded(id);
        }
        this.endedAt = now;
        this.updatedAt = now;
    }

    /** Only a window that has never been active can be deleted: the others are history. */
    void checkDeletable(Instant now) {
        if (stateAt(now) != WindowState.UPCOMING) {
            throw WindowStateConflictException.notUpcoming(id, stateAt(now));
        }
    }

    UUID id() {
        return id;
    }

    WindowScope scope() {
        return scope;
    }

    String target() {
        return target;
    }

    Instant startsAt() {
        return startsAt;
    }

    Instant endsAt() {
        return endsAt;
    }

    @Nullable
    String reason() {
        return reason;
    }

    String createdBy() {
        return createdBy;
    }

    Instant createdAt() {
        return createdAt;
    }

    Instant updatedAt() {
        return updatedAt;
    }

    @Nullable
    Instant endedAt() {
        return endedAt;
    }
}
