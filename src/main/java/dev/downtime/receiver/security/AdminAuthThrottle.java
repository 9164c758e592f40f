package dev.downtime.receiver.security;

import jakarta.servlet.http.HttpServletRequest;

/**
 * The allowance of failed admin authentications per client address ({@code
 * receiver.admin.failed-auth-burst}, refilled over {@code failed-auth-refill}), shared by the admin
 * API and the console's sign-in. Consult it only once a presented token has failed, so that a valid
 * token is never held back by someone else's forgeries from the same NAT or proxy.
 */
public final class AdminAuthThrottle {

    private final FailedAuthLimiter limiter;
    private final ClientAddressResolver addresses;

    AdminAuthThrottle(FailedAuthLimiter limiter, ClientAddressResolver addresses) {
        this.limiter = limiter;
        this.addresses = addresses;
    }

    /** Whether the request's address has used up its failures: refuse it (429) without checking anything. */
    public boolean blocked(HttpServletRequest request) {
        return limiter.blocked(addresses.clientAddress(request));
    }

    /** Charges one failure to the request's address. */
    public void failed(HttpServletRequest request) {
        limiter.failed(addresses.clientAddress(request));
    }
}
