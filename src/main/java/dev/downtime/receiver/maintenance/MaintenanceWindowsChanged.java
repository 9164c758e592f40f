package dev.downtime.receiver.maintenance;

/** Published inside a transaction that changed windows; the schedule reloads once it commits. */
record MaintenanceWindowsChanged() {}
