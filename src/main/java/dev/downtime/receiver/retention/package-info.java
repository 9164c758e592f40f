/**
 * Deletes what is older than the retention period, on one instance at a time. Owns no table: it
 * asks each module that does to purge its own rows.
 */
@NullMarked
package dev.downtime.receiver.retention;

import org.jspecify.annotations.NullMarked;
