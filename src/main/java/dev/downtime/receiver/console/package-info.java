/**
 * The ops console at {@code /console}: sign-in with an admin token into a session, the shared page
 * layout, and the Now page composed from the modules' public queries. Each feature's own pages
 * (windows, incidents, notifications, tokens, audit) live in its module, next to its admin API,
 * and call the same services.
 */
@NullMarked
package dev.downtime.receiver.console;

import org.jspecify.annotations.NullMarked;
