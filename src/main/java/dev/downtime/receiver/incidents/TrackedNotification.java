package dev.downtime.receiver.incidents;

import dev.downtime.receiver.notifications.NotificationsCommitted;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** A stored notification, as far as incidents are concerned. */
record TrackedNotification(
        UUID id,
        Instant receivedAt,
        String normalizedUrl,
        int code,
        @Nullable String host,
        List<UUID> windowIds,
        boolean foreignHost) {

    static TrackedNotification of(NotificationsCommitted.Committed notification) {
        return new TrackedNotification(
                notification.id(),
                notification.receivedAt(),
                notification.normalizedUrl(),
                notification.code(),
                notification.host(),
                notification.windowIds(),
                notification.foreignHost());
    }

    /** Per the spec, a 2xx means the site is back; anything else, 0 included, is a failure. */
    boolean recovery() {
        return code >= 200 && code <= 299;
    }
}
