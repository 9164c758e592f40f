package dev.downtime.receiver.notifications;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Notifications just stored, published in the very transaction that stored them (a webhook batch,
 * a chunk of the spool replayed), so that whoever reacts to them hears of each exactly when it is
 * committed, even across a restart: the event publication registry keeps the event until every
 * listener has completed.
 *
 * @param batch unique to this publication: a listener that is handed the same event again (after a
 *     crash, or a retry) can tell it has seen it
 * @param notifications the rows stored, in the order they were received
 */
public record NotificationsCommitted(UUID batch, List<Committed> notifications) {

    /**
     * What those reacting to a notification need of it.
     *
     * @param reply what the webhook answered: {@code ok}, or the instant it promised maintenance ends
     * @param windowIds the maintenance windows that produced the reply; empty when it was {@code ok}
     * @param foreignHost its host slug is not one this receiver expects
     */
    public record Committed(
            UUID id,
            Instant receivedAt,
            String normalizedUrl,
            int code,
            @Nullable String host,
            String reply,
            List<UUID> windowIds,
            boolean foreignHost) {

        static Committed of(NotificationRecord row) {
            return new Committed(
                    row.id(),
                    row.receivedAt(),
                    row.normalizedUrl(),
                    row.code(),
                    row.host(),
                    row.reply(),
                    row.windowIds(),
                    row.foreignHost());
        }
    }
}
