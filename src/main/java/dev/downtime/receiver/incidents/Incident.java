package dev.downtime.receiver.incidents;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * One outage of one site, as Monitor reported it: opened by the first failure, updated by later
 * failures, closed by a recovery. It knows whether maintenance covered it, and by which windows.
 */
final class Incident {

    private final UUID id;
    private final String normalizedUrl;
    private final @Nullable String host;
    private final Instant openedAt;
    private final int firstCode;
    private Instant lastNotifiedAt;
    private @Nullable Instant closedAt;
    private int notificationCount;
    private int worstCode;
    private int lastCode;
    private final Set<UUID> coveringWindowIds;
    private final boolean isNew;
    private boolean changed;
    private boolean closedNow;

    private Incident(
            UUID id,
            String normalizedUrl,
            @Nullable String host,
            Instant openedAt,
            Instant lastNotifiedAt,
            @Nullable Instant closedAt,
            int notificationCount,
            int firstCode,
            int worstCode,
            int lastCode,
            Set<UUID> coveringWindowIds,
            boolean isNew) {
        this.id = id;
        this.normalizedUrl = normalizedUrl;
        this.host = host;
        this.openedAt = openedAt;
        this.lastNotifiedAt = lastNotifiedAt;
        this.closedAt = closedAt;
        this.notificationCount = notificationCount;
        this.firstCode = firstCode;
        this.worstCode = worstCode;
        this.lastCode = lastCode;
        this.coveringWindowIds = coveringWindowIds;
        this.isNew = isNew;
    }

    /** Opened by a failure. */
    static Incident open(TrackedNotification failure) {
        return new Incident(
                UUID.randomUUID(),
                failure.normalizedUrl(),
                failure.host(),
                failure.receivedAt(),
                failure.receivedAt(),
                null,
                1,
                failure.code(),
                failure.code(),
                failure.code(),
                new LinkedHashSet<>(failure.windowIds()),
                true);
    }

    /** An incident as stored, open or closed. */
    static Incident stored(
            UUID id,
            String normalizedUrl,
            @Nullable String host,
            Instant openedAt,
            Instant lastNotifiedAt,
            @Nullable Instant closedAt,
            int notificationCount,
            int firstCode,
            int worstCode,
            int lastCode,
            List<UUID> coveringWindowIds) {
        return new Incident(
                id,
                normalizedUrl,
                host,
                openedAt,
                lastNotifiedAt,
                closedAt,
                notificationCount,
                firstCode,
                worstCode,
                lastCode,
                new LinkedHashSet<>(coveringWindowIds),
                false);
    }

    /** A further failure of the same site. */
    void failedAgain(TrackedNotification failure) {
        notificationCount++;
        lastCode = failure.code();
        worstCode = worse(worstCode, failure.code());
        lastNotifiedAt = failure.receivedAt();
        coveringWindowIds.addAll(failure.windowIds());
        changed = true;
    }

    /** Monitor saw the site back (a 2xx). */
    void recovered(TrackedNotification recovery) {
        notificationCount++;
        lastCode = recovery.code();
        lastNotifiedAt = recovery.receivedAt();
        closedAt = recovery.receivedAt();
        closedNow = true;
        changed = true;
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
        changed = true;
    }

    /** A timeout (0) is the worst a site can do; otherwise the higher code. */
    static int worse(int a, int b) {
        return a == 0 || b == 0 ? 0 : Math.max(a, b);
    }

    boolean covered() {
        return !coveringWindowIds.isEmpty();
    }

    boolean isNew() {
        return isNew;
    }

    boolean changed() {
        return changed;
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
        return List.copyOf(coveringWindowIds);
    }
}
