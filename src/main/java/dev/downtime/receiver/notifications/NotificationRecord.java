package dev.downtime.receiver.notifications;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * One row of the notification log, as stored in PostgreSQL and in the spool. The id, assigned at
 * receipt, is the idempotency key that keeps a notification that was both committed and spooled
 * (a commit that outlived its caller's wait) to one row.
 */
record NotificationRecord(
        UUID id,
        Instant receivedAt,
        @Nullable Long ts,
        String rawUrl,
        String normalizedUrl,
        int code,
        @Nullable String host,
        @Nullable String type,
        String reply,
        List<UUID> windowIds,
        @Nullable String remoteAddress,
        boolean foreignHost) {

    static NotificationRecord of(UUID id, ReceivedNotification n) {
        return new NotificationRecord(
                id,
                n.receivedAt(),
                n.ts(),
                n.rawUrl(),
                n.normalizedUrl(),
                n.code(),
                n.host(),
                n.type(),
                n.reply(),
                n.windowIds(),
                n.remoteAddress(),
                n.foreignHost());
    }
}
