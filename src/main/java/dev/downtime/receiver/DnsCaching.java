package dev.downtime.receiver;

import java.security.Security;

/**
 * How long the JVM keeps name lookups: a second for an answer, not at all for a failure, instead of
 * the JDK's 30 s and 10 s. PostgreSQL (or a check's site) may come back on a new address, as a
 * restarted container does, and the service must reconnect to it at once rather than keep knocking
 * at the old one for half a minute. Lookups are rare enough (a new pooled connection, a check) that
 * caching them longer buys nothing.
 *
 * <p>Must run before the first lookup, which fixes the JVM's policy for good. An explicit {@code
 * -Dsun.net.inetaddr.ttl} or {@code -Dsun.net.inetaddr.negative.ttl} wins.
 */
final class DnsCaching {

    static final String ANSWER_SECONDS = "1";
    static final String FAILURE_SECONDS = "0";

    private DnsCaching() {}

    static void shorten() {
        apply("networkaddress.cache.ttl", "sun.net.inetaddr.ttl", ANSWER_SECONDS);
        apply("networkaddress.cache.negative.ttl", "sun.net.inetaddr.negative.ttl", FAILURE_SECONDS);
    }

    private static void apply(String securityProperty, String systemProperty, String seconds) {
        String chosen = System.getProperty(systemProperty);
        Security.setProperty(securityProperty, chosen != null ? chosen : seconds);
    }
}
