/**
 * The notification log: every accepted notification, committed in groups or spooled while
 * PostgreSQL is away, and the quarantine of those PostgreSQL refused. Owns {@code notification},
 * {@code notification_quarantine} and {@code notification_unfolded}. Offers {@link
 * dev.downtime.receiver.notifications.NotificationLog}; publishes {@link
 * dev.downtime.receiver.notifications.NotificationsCommitted} with every commit.
 */
@NullMarked
package dev.downtime.receiver.notifications;

import org.jspecify.annotations.NullMarked;
