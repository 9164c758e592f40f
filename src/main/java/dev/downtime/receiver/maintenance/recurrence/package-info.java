/**
 * Recurring maintenance windows: an RFC 5545 rule in a local time zone, expanded into occurrences on
 * demand. Pure and in memory; persistence, the admin API and the index live in {@code maintenance}.
 * See {@code docs/recurring-windows.md}.
 */
@NullMarked
package dev.downtime.receiver.maintenance.recurrence;

import org.jspecify.annotations.NullMarked;
