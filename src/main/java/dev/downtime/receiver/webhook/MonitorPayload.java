package dev.downtime.receiver.webhook;

import dev.downtime.receiver.site.SiteUrl;
import org.jspecify.annotations.Nullable;

/**
 * The last check of a site, as Monitor posts it: what was understood, and, for the fields that
 * may come in several forms, what was sent.
 *
 * @param tsMillis when Monitor checked, in Unix milliseconds, if it said
 * @param url the URL checked, as sent
 * @param site the same URL, normalized
 * @param code the worst HTTP status seen across Monitor's nodes; 0 means a timeout
 * @param host Monitor's slug for the host it believes serves the site, as its text
 * @param type what kind of check failed ("http" today), as its text
 * @param rawTs {@code ts} as sent, as JSON text ({@code 1385139152.5} or {@code "1385139152"})
 * @param rawCode {@code code} as sent, as JSON text ({@code 503} or {@code "503"})
 */
record MonitorPayload(
        @Nullable Long tsMillis,
        String url,
        SiteUrl site,
        int code,
        @Nullable String host,
        @Nullable String type,
        @Nullable String rawTs,
        String rawCode) {

    /** {@code ts} in whole Unix seconds (rounded down), if Monitor sent one. */
    @Nullable
    Long ts() {
        return tsMillis == null ? null : Math.floorDiv(tsMillis, 1000L);
    }
}
