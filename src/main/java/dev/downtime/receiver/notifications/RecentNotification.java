package dev.downtime.receiver.notifications;

import java.time.Instant;
import java.util.UUID;

/**
 * A notification just received, as the console's Now page lists it.
 *
 * @param url as Monitor sent it
 * @param reply what the webhook answered
 */
public record RecentNotification(UUID id, Instant receivedAt, String url, int code, String reply) {}
