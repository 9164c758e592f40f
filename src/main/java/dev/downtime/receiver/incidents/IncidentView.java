package dev.downtime.receiver.incidents;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * An incident as the admin API shows it, in the list and in its history.
 *
 * @param state {@code open} or {@code closed}
 * @param worstCode a timeout (0) counts as worst, then the highest code
 * @param maintenanceOverranAt when a covering window was found ended with the site still down
 * @param verdict what our own first check found: {@code confirmed} (down for us too), {@code
 *     not-reproduced} (up for us), {@code inconclusive}, or {@code pending}
 * @param upFromOurSideAt since when our own checks have seen the site answer again; cleared when a
 *     later check finds it down for us again
 */
public record IncidentView(
        UUID id,
        String url,
        @Nullable String host,
        String state,
        Instant openedAt,
        Instant lastNotifiedAt,
        @Nullable Instant closedAt,
        int notificationCount,
        int firstCode,
        int worstCode,
        int lastCode,
        boolean covered,
        List<UUID> coveringWindowIds,
        @Nullable Instant maintenanceOverranAt,
        String verdict,
        @Nullable Instant upFromOurSideAt) {}
