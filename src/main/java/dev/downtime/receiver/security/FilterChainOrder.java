package dev.downtime.receiver.security;

/**
 * The order of the security filter chains, first match wins: each chain claims its paths with a
 * {@code securityMatcher}. A chain added by another module (the console's) takes {@link #CONSOLE};
 * whatever no chain claims falls to the last one, which only adds the security headers.
 */
public final class FilterChainOrder {

    /** {@code /actuator/**}: open, a bearer token shows health details. */
    public static final int ACTUATOR = 10;

    /** {@code /webhooks/**}: open to Monitor, guarded by its own filter; no session, no CSRF. */
    public static final int WEBHOOK = 20;

    /** {@code /v3/api-docs/**}, {@code /swagger-ui/**}: a viewer token or a console session. */
    public static final int API_DOCS = 30;

    /** {@code /api/**}: a bearer token, stateless; roles checked on the handler. */
    public static final int API = 40;

    /** The console's pages, sign-in and assets (its own chain, with sessions and CSRF). */
    public static final int CONSOLE = 50;

    private FilterChainOrder() {}
}
