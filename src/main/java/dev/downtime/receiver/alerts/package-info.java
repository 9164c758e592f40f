/**
 * Alerts to ops, grouped (issue 13): incidents' changes become facts about sites, each site's facts
 * go to its group ({@code receiver.alerts.group-by}), and a group's messages (opened, updated,
 * repeated, resolved) go into an outbox delivered with retries and per-channel pacing on every
 * configured channel. Owns {@code alert}, {@code alert_group}, {@code alert_group_site}. Listens to
 * {@code IncidentsChanged}; reads the site inventory's labels; offers {@link dev.downtime.receiver.alerts.AlertLog} (history, purge).
 */
@NullMarked
package dev.downtime.receiver.alerts;

import org.jspecify.annotations.NullMarked;
