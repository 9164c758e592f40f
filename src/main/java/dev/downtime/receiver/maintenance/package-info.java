/**
 * Maintenance windows: edited by ops staff (JPA, optimistic locking), held in memory for the
 * webhook's answers. Owns {@code maintenance_window} and {@code maintenance_schedule_version}.
 * Offers {@link dev.downtime.receiver.maintenance.MaintenanceSchedule} (matching, in memory) and
 * {@link dev.downtime.receiver.maintenance.MaintenanceWindows} (which windows are in effect).
 */
@NullMarked
package dev.downtime.receiver.maintenance;

import org.jspecify.annotations.NullMarked;
