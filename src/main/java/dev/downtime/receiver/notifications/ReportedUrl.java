package dev.downtime.receiver.notifications;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A URL Monitor reported, once however many notifications named it.
 *
 * @param url the normalized URL
 * @param host the host slug of its latest notification
 * @param lastReportedAt when its latest notification was received
 */
public record ReportedUrl(String url, @Nullable String host, Instant lastReportedAt) {}
