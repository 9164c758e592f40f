/**
 * How the service reaches PostgreSQL and copes without it: driver timeouts, migrations retried
 * until it answers, availability, the classification of its failures.
 */
@NullMarked
package dev.downtime.receiver.database;

import org.jspecify.annotations.NullMarked;
