package dev.downtime.receiver.webhook;

import org.jspecify.annotations.Nullable;

/**
 * The last check of a site, as Monitor posts it.
 *
 * @param ts when Monitor checked, in Unix seconds, if it said
 * @param url the URL checked, as sent
 * @param code the worst HTTP status seen across Monitor's nodes; 0 means a timeout
 * @param host Monitor's slug for the host it believes serves the site
 * @param type what kind of check failed ("http" today); kept as sent
 */
record MonitorPayload(
        @Nullable Long ts,
        String url,
        int code,
        @Nullable String host,
        @Nullable String type) {}
