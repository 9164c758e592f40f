package dev.downtime.receiver.notifications;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A notification Monitor sent, with the reply we gave: one row of the notification log.
 *
 * @param ts Monitor's check time in whole Unix seconds (rounded down), as understood
 * @param windowIds the maintenance windows that produced the reply; empty when it was {@code ok}
 * @param remoteAddress the address the request came from
 * @param foreignHost whether its host slug is not one this receiver expects
 * @param tsMillis Monitor's check time in Unix milliseconds, as understood; what duplicates compare
 * @param rawTs {@code ts} as sent, as JSON text ({@code 1385139152.5}, {@code "1385139152"})
 * @param rawCode {@code code} as sent, as JSON text ({@code 503}, {@code "503"})
 * @param tsSkewed whether {@code ts} was further from {@code receivedAt} than the clock skew
 *     allowed: such a notification is never taken as a duplicate, nor as the original of one
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
        boolean foreignHost,
        @Nullable Long tsMillis,
        @Nullable String rawTs,
        @Nullable String rawCode,
        boolean tsSkewed) {

    public ReceivedNotification {
        tsMillis = NotificationRecord.millis(ts, tsMillis);
        ts = tsMillis == null ? null : Math.floorDiv(tsMillis, 1000L);
    }

    /**
     * A notification known in whole seconds and not as sent (callers from before the raw forms,
     * tests): {@code ts} read as {@code ts * 1000} ms, nothing kept as sent, the skew not judged.
     */
    public ReceivedNotification(
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
        this(
                receivedAt,
                ts,
                rawUrl,
                normalizedUrl,
                code,
                host,
                type,
                reply,
                windowIds,
                remoteAddress,
                foreignHost,
                null,
                null,
                null,
                false);
    }
}
