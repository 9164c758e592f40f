/**
 * The promise ledger: every instant the webhook answered Monitor is a promise that the site may
 * stay down, unreported, until then. Owns {@code promise} (newest per URL), written from {@code
 * NotificationsCommitted}, one statement per batch; offers {@link
 * dev.downtime.receiver.promises.Promises} (which active promises count on a window) and {@code GET
 * /api/v1/promises}.
 */
@NullMarked
package dev.downtime.receiver.promises;

import org.jspecify.annotations.NullMarked;
