package dev.downtime.receiver.notifications;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A notification Monitor sent, with the reply we gave: one row of the notification log.
 *
 * @param ts Monitor's check time in Unix seconds, as sent
 * @param windowIds the maintenance windows that produced the reply; empty when it was {@code ok}
 * @param remoteAddress the address the request came from
 * @param foreignHost whether its host slug is not one this receiver expects
 */
public record ReceivedNotification(
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
        boolean foreignHost) {}
