/**
 * Incidents: notifications of one site folded into outages (opened, reported again, closed), with
 * the maintenance that covered them and what our own checks found. Owns {@code incident}, {@code
 * incident_url} and {@code incident_fold}. Listens to {@code
 * NotificationsCommitted}; offers {@link dev.downtime.receiver.incidents.Incidents} (queries,
 * {@code recordCheck}, purge) and publishes {@link dev.downtime.receiver.incidents.IncidentsChanged}.
 */
@NullMarked
package dev.downtime.receiver.incidents;

import org.jspecify.annotations.NullMarked;
