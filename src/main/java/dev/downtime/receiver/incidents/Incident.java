package dev.downtime.receiver.incidents;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Transient;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.hibernate.annotations.DynamicUpdate;
import org.jspecify.annotations.Nullable;

/**
 * One outage of one site, as Monitor reported it: opened by the first failure, updated by later
 * failures, closed by a recovery. It knows whether maintenance covered it, and by which windows.
 * Changed only by the fold (per URL, one at a time), the overrun check and our own checks' verdicts,
 * each holding a lock on its row; the version catches any other writer.
 */
@Entity
@Table(name = "incident")
// Only what changed: our own checks may change other columns of the row meanwhile.
@DynamicUpdate
class Incident {

    @Id
    private UUID id;

    @Column(updatable = false)
    private String normalizedUrl;

    @Column(updatable = false)
    private @Nullable String host;

    @Column(updatable = false)
    private Instant openedAt;

    @Column(updatable = false)
    private int firstCode;

    private Instant lastNotifiedAt;
    private @Nullable Instant closedAt;
    private int notificationCount;
    private int worstCode;
    private int lastCode;
    private boolean covered;

    @Column(updatable = false)
    private boolean coveredAtOpen;

    @Column(columnDefinition = "uuid[]")
    private UUID[] coveringWindowIds;

    private @Nullable Instant maintenanceOverranAt;
    private String verdict;
    private @Nullable Instant upFromOurSideAt;

    /** Null until stored: that is how Spring Data tells a new incident from one to update. */
    @Version
    private @Nullable Long version;

    @Transient
    private boolean reported;

    @Transient
    private boolean closedNow;

    /** For JPA, which sets every field. */
    @SuppressWarnings("NullAway.Init")
    protected Incident() {}

    private Incident(TrackedNotification failure) {
        // The id of the notification that opened it: unique (a notification opens at most one
        // incident), and time-ordered (see NotificationIds), so that the primary keys of incident
        // and of verification's queue grow at their right edge in a mass outage, where random ids
        // insert into a random page of each (measured: see bench/PERFORMANCE.md).
        this.id = failure.id();
        this.normalizedUrl = failure.normalizedUrl();
        this.host = failure.host();
        this.openedAt = failure.receivedAt();
        this.lastNotifiedAt = failure.receivedAt();
        this.notificationCount = 1;
        this.firstCode = failure.code();
        this.worstCode = failure.code();
        this.lastCode = failure.code();
        this.coveringWindowIds = failure.windowIds().toArray(UUID[]::new);
        this.covered = coveringWindowIds.length > 0;
        this.coveredAtOpen = covered;
        this.verdict = "pending";
    }

    /** Opened by a failure. */
    static Incident open(TrackedNotification failure) {
        return new Incident(failure);
    }

    /** A further failure of the same site. */
    void failedAgain(TrackedNotification failure) {
        notificationCount++;
        lastCode = failure.code();
        worstCode = worse(worstCode, failure.code());
        lastNotifiedAt = failure.receivedAt();
        cover(failure.windowIds());
        reported = true;
    }

    /** Monitor saw the site back (a 2xx). */
    void recovered(TrackedNotification recovery) {
        notificationCount++;
        lastCode = recovery.code();
        lastNotifiedAt = recovery.receivedAt();
        closedAt = recovery.receivedAt();
        closedNow = true;
    }

    /**
     * A notification received while this incident was open, but folded only after later ones of
     * the site (it was replayed from the spool, or its commit was slow): part of the history and
     * counted, a failure among the worst, but it is not the latest word, so it neither closes the
     * incident nor changes its last code or time.
     */
    void notifiedLate(TrackedNotification late) {
        notificationCount++;
        if (!late.recovery()) {
            worstCode = worse(worstCode, late.code());
        }
    }

    /** A covering window has ended while the site is still down: flagged once. */
    boolean maintenanceOverran(Instant at) {
        if (closedAt != null || !covered || maintenanceOverranAt != null) {
            return false;
        }
        maintenanceOverranAt = at;
        return true;
    }

    /**
     * One of our own checks of the site: the first gives the verdict; later ones tell since when
     * the site has answered again from our side, and clear that when it is down for us again.
     *
     * @return whether this check gave the open incident its verdict {@code confirmed}
     */
    boolean checked(Verdict verdict, Instant at) {
        boolean confirmedNow = false;
        if (this.verdict.equals("pending")) {
            this.verdict = verdict.wireName();
            confirmedNow = verdict == Verdict.CONFIRMED && closedAt == null;
        }
        if (verdict == Verdict.NOT_REPRODUCED) {
            if (upFromOurSideAt == null) {
                upFromOurSideAt = at;
            }
        } else if (verdict == Verdict.CONFIRMED) {
            upFromOurSideAt = null;
        }
        return confirmedNow;
    }

    /** A timeout (0) is the worst a site can do; otherwise the higher code. */
    static int worse(int a, int b) {
        return a == 0 || b == 0 ? 0 : Math.max(a, b);
    }

    private void cover(List<UUID> windowIds) {
        if (windowIds.isEmpty()) {
            return;
        }
        Set<UUID> all = new LinkedHashSet<>(Arrays.asList(coveringWindowIds));
        all.addAll(windowIds);
        coveringWindowIds = all.toArray(UUID[]::new);
        covered = true;
    }

    boolean covered() {
        return covered;
    }

    /** Covered by maintenance when it opened; {@link #covered()} may have become true since. */
    boolean coveredAtOpen() {
        return coveredAtOpen;
    }

    /** Not stored yet: opened by this fold. */
    boolean isNew() {
        return version == null;
    }

    /** A timely further failure was folded into it since it was loaded. */
    boolean reported() {
        return reported;
    }

    /** Closed by a recovery since it was loaded or opened, rather than stored closed. */
    boolean closedNow() {
        return closedNow;
    }

    UUID id() {
        return id;
    }

    String normalizedUrl() {
        return normalizedUrl;
    }

    @Nullable
    String host() {
        return host;
    }

    Instant openedAt() {
        return openedAt;
    }

    Instant lastNotifiedAt() {
        return lastNotifiedAt;
    }

    @Nullable
    Instant closedAt() {
        return closedAt;
    }

    int notificationCount() {
        return notificationCount;
    }

    int firstCode() {
        return firstCode;
    }

    int worstCode() {
        return worstCode;
    }

    int lastCode() {
        return lastCode;
    }

    List<UUID> coveringWindowIds() {
        return List.of(coveringWindowIds);
    }

    @Nullable
    Instant maintenanceOverranAt() {
        return maintenanceOverranAt;
    }

    String verdict() {
        return verdict;
    }

    @Nullable
    Instant upFromOurSideAt() {
        return upFromOurSideAt;
    }

    /** As the API and other modules see it. */
    IncidentView view() {
        return new IncidentView(
                id,
                normalizedUrl,
                host,
                closedAt == null ? "open" : "closed",
                openedAt,
                lastNotifiedAt,
                closedAt,
                notificationCount,
                firstCode,
                worstCode,
                lastCode,
                covered,
                coveringWindowIds(),
                maintenanceOverranAt,
                verdict,
                upFromOurSideAt);
    }
}
