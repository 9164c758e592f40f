package dev.downtime.receiver.maintenance;

import dev.downtime.receiver.maintenance.recurrence.Recurrence;
import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Embeddable;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
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

    /** The recurrence, when the window recurs: all five set, or none (V35). */
    private @Nullable String rrule;

    private @Nullable String timeZone;
    private @Nullable LocalDateTime startLocal;
    private @Nullable Long durationSeconds;
    private @Nullable Instant endsFrom;

    // Eager: the API maps a window after its transaction has ended.
    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "maintenance_window_skip", joinColumns = @JoinColumn(name = "window_id"))
    @Column(name = "local_start")
    private Set<LocalDateTime> skipped = new HashSet<>();

    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "maintenance_window_early_end", joinColumns = @JoinColumn(name = "window_id"))
    private Set<EarlyEnd> endedEarly = new HashSet<>();

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
        recur(spec.recurrence());
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
        recur(spec.recurrence());
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

    /**
     * Replaces a recurring window's exceptions (a skip, an early end, the series' end), keeping its
     * rule; {@code endsAt} follows the series' new end.
     */
    void changeRecurrence(Recurrence changed, Instant endsAt, Instant now) {
        if (stateAt(now) == WindowState.ENDED) {
            throw WindowStateConflictException.alreadyEnded(id);
        }
        recur(changed);
        if (endsAt.isAfter(startsAt)) {
            this.endsAt = endsAt;
        } else {
            // The series ends before it began: nothing of it takes place.
            this.endedAt = startsAt;
        }
        this.updatedAt = now;
    }

    private void recur(@Nullable Recurrence recurrence) {
        skipped.clear();
        endedEarly.clear();
        if (recurrence == null) {
            rrule = null;
            timeZone = null;
            startLocal = null;
            durationSeconds = null;
            endsFrom = null;
            return;
        }
        rrule = recurrence.rrule();
        timeZone = recurrence.timeZone().getId();
        startLocal = recurrence.start();
        durationSeconds = recurrence.duration().toSeconds();
        endsFrom = recurrence.endsFrom();
        skipped.addAll(recurrence.skipped());
        recurrence.endedEarly().forEach(end -> endedEarly.add(new EarlyEnd(end.start(), end.endedAt())));
    }

    /** The recurrence, when the window recurs. */
    Optional<Recurrence> recurrence() {
        if (rrule == null || timeZone == null || startLocal == null || durationSeconds == null) {
            return Optional.empty();
        }
        return Optional.of(new Recurrence(
                rrule,
                ZoneId.of(timeZone),
                startLocal,
                Duration.ofSeconds(durationSeconds),
                skipped.stream().toList(),
                endsFrom,
                endedEarly.stream()
                        .map(end -> new Recurrence.EarlyEnd(end.localStart, end.endedAt))
                        .toList()));
    }

    /** One occurrence ended early, as {@code maintenance_window_early_end} stores it. */
    @Embeddable
    static class EarlyEnd {

        @Column(name = "local_start")
        private LocalDateTime localStart;

        private Instant endedAt;

        @SuppressWarnings("NullAway.Init")
        protected EarlyEnd() {}

        EarlyEnd(LocalDateTime localStart, Instant endedAt) {
            this.localStart = localStart;
            this.endedAt = endedAt;
        }

        @Override
        public boolean equals(@Nullable Object other) {
            return other instanceof EarlyEnd that && localStart.equals(that.localStart) && endedAt.equals(that.endedAt);
        }

        @Override
        public int hashCode() {
            return 31 * localStart.hashCode() + endedAt.hashCode();
        }
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
