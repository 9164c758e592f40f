package dev.downtime.receiver.security;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Tells which address a request comes from, for throttling failed authentication. The webhook's
 * resolver believes {@code X-Forwarded-For} only from its trusted proxies; without one, the
 * connection's peer is used.
 */
@FunctionalInterface
public interface ClientAddressResolver {

    String clientAddress(HttpServletRequest request);
}
