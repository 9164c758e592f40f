package dev.downtime.receiver.sites;

import dev.downtime.receiver.site.SiteUrl;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A site of the inventory: its normalized URL (the key), the host slug Monitor reports for it if
 * known, and its labels.
 *
 * @param url the normalized URL, the site's identity
 * @param host Monitor's host slug for the site, as given but stripped; null when unknown
 * @param labels what selectors match on
 */
public record Site(SiteUrl url, @Nullable String host, Labels labels) {

    /** The longest host slug, in characters, as for a window of scope host. */
    public static final int MAX_HOST_LENGTH = 200;

    public Site {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(labels, "labels");
        if (host != null) {
            String problem = hostViolation(host);
            if (problem != null) {
                throw new IllegalArgumentException("host " + problem);
            }
        }
    }

    /**
     * The host slug as stored: stripped, null when absent or blank.
     *
     * @throws IllegalArgumentException with a message completing "host ..." when it cannot be one
     */
    public static @Nullable String normalizeHost(@Nullable String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        String host = raw.strip();
        String problem = hostViolation(host);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        return host;
    }

    /** Why a stripped text cannot be a host slug, completing "host ..."; null when it can. */
    public static @Nullable String hostViolation(String host) {
        if (host.isEmpty() || host.length() > MAX_HOST_LENGTH || !host.equals(host.strip())) {
            return "must be a host slug of 1 to " + MAX_HOST_LENGTH + " characters without blanks around it";
        }
        if (!Texts.isValidUnicode(host)) {
            return "must be valid Unicode (no unpaired surrogate)";
        }
        if (host.chars().anyMatch(Character::isISOControl)) {
            return "must not contain control characters";
        }
        return null;
    }

    /** The key the inventory and the index use: the normalized URL's text. */
    public String key() {
        return url.value();
    }
}
