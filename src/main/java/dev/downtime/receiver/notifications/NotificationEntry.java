package dev.downtime.receiver.notifications;

import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A stored notification in short, as another module's view shows it (an incident's history).
 *
 * @param ts Monitor's check time in whole Unix seconds, rounded down
 * @param reply what the webhook answered
 */
public record NotificationEntry(
        UUID id, Instant receivedAt, @Nullable Long ts, int code, String reply) {}
