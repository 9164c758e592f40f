/**
 * Who may call what, on Spring Security: the filter chains ({@link
 * dev.downtime.receiver.security.FilterChainOrder}), bearer tokens (configured, or issued through
 * the API and held in memory) turned into an {@link dev.downtime.receiver.security.OperatorAuthentication}
 * by the {@link dev.downtime.receiver.security.TokenAuthenticationProvider}, the role each handler
 * needs ({@link dev.downtime.receiver.security.RequiresRole}, method security, deny by default), the
 * throttling of failed attempts, and who sees health details.
 */
@NullMarked
package dev.downtime.receiver.security;

import org.jspecify.annotations.NullMarked;
