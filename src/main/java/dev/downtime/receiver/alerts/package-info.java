/**
 * Alerts to ops on incident transitions (opened uncovered, maintenance overran, recovered),
 * through an outbox delivered with retries on every configured channel. Owns {@code alert}.
 * Listens to {@code IncidentsChanged}; offers {@link dev.downtime.receiver.alerts.AlertLog}
 * (history, purge).
 */
@NullMarked
package dev.downtime.receiver.alerts;

import org.jspecify.annotations.NullMarked;
