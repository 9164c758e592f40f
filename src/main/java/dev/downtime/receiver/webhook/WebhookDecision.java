package dev.downtime.receiver.webhook;

import dev.downtime.receiver.maintenance.Coverage;
import dev.downtime.receiver.maintenance.ScheduledWindow;
import dev.downtime.receiver.site.SiteUrl;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * What the webhook answers for one site at one instant, and why.
 *
 * @param foreignHost the host slug is not one we expect: answered {@code ok}, no window consulted
 * @param matching every window matching the site, whatever its state
 * @param coverage the continuous maintenance stretch covering the site at {@code at}
 * @param reply the exact body to send
 */
record WebhookDecision(
        Instant at,
        SiteUrl url,
        int code,
        boolean foreignHost,
        List<ScheduledWindow> matching,
        Coverage coverage,
        String reply) {

    /** The windows that produced the reply: none when it is {@code ok}. */
    List<UUID> replyWindowIds() {
        return reply.equals(Reply.OK)
                ? List.of()
                : coverage.windows().stream().map(ScheduledWindow::id).toList();
    }
}
