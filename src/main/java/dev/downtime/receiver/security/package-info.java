/**
 * Who may call the admin API: bearer tokens (configured, or issued through the API and held in
 * memory), the role each handler needs ({@link dev.downtime.receiver.security.RequiresRole}), the
 * throttling of failed attempts, and who sees health details.
 */
@NullMarked
package dev.downtime.receiver.security;

import org.jspecify.annotations.NullMarked;
