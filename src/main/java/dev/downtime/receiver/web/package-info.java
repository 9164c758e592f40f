/**
 * What every admin API controller shares: pages of a list, RFC 9457 problem details (field
 * violations, conflicts, the database being unavailable), the limits put on request bodies.
 */
@NullMarked
package dev.downtime.receiver.web;

import org.jspecify.annotations.NullMarked;
