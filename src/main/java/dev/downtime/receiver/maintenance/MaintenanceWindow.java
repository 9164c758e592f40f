package dev.downtime.receiver.maintenance;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A scheduled maintenance window. It guards its own state changes: only a window that has not
 * ended can be rescheduled or ended, only an upcoming one may be deleted. Its version changes with
 * every change, so that an edit made from an outdated copy is refused rather than applied.
 */
@Entity
@Table(name = "maintenance_window")
class MaintenanceWindow {

    @Id
    private UUID id;

    @Convert(converter = WindowScope.Column.class)
    private WindowScope scope;

    private String target;
    private Instant startsAt;
    private Instant endsAt;
    private @Nullable String reason;

    @Column(updatable = false)
    private String createdBy;

    @Column(updatable = false)
    private Instant createdAt;

    private Instant updatedAt;
    private @Nullable Instant endedAt;

    /** Null until stored: that is how Spring Data tells a new window from one to update. */
    @Version
    private @Nullable Long version;

    /** For JPA, which sets every field. */
    @SuppressWarnings("NullAway.Init")
    protected MaintenanceWindow() {}

    /** A new window, planned now. */
    MaintenanceWindow(UUID id, WindowSpec spec, String createdBy, Instant now) {
        this.id = id;
        this.scope = spec.scope();
        this.target = spec.target();
        this.startsAt = spec.startsAt();
        this.endsAt = spec.endsAt();
        this.reason = spec.reason();
        this.createdBy = createdBy;
        this.createdAt = now;
        this.updatedAt = now;
    }

    WindowState stateAt(Instant t) {
        return WindowState.at(t, startsAt, effectiveEnd());
    }

    /** The scheduled end, or the moment the window was ended early. */
    /** As the in-memory schedule holds it: with its effective end. */
    ScheduledWindow scheduled() {
        return new ScheduledWindow(id, scope, target, startsAt, effectiveEnd(), reason);
    }

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

    /** The version read, or written last; null before the window is first stored. */
    @Nullable
    Long version() {
        return version;
    }
}
