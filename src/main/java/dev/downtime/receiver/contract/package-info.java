/**
 * The contract check partners run against a webhook endpoint, ours or another implementation:
 * {@code java -jar downtime-receiver.jar check <endpoint-url>}. A plain client, run before and
 * instead of the Spring application: it needs no database and starts no server.
 */
@NullMarked
package dev.downtime.receiver.contract;

import org.jspecify.annotations.NullMarked;
