package dev.downtime.receiver.maintenance;

/**
 * Published in a transaction that changed maintenance windows: the schedule in memory reloads
 * once it ends.
 */
public record WindowsChanged() {}
