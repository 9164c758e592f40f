package dev.downtime.receiver.maintenance;

import dev.downtime.receiver.site.InvalidSiteUrlException;
import dev.downtime.receiver.site.SiteUrl;
import dev.downtime.receiver.sites.Selector;

/** Validates a window's target for its scope and puts it in the form the index matches on. */
final class WindowTarget {

    static final int MAX_SLUG_LENGTH = 200;

    private WindowTarget() {}

    /**
     * @return the normalized target
     * @throws IllegalArgumentException with a message completing "target ..." when invalid
     */
    static String normalize(WindowScope scope, String raw) {
        String text = raw.strip();
        return switch (scope) {
            case URL -> url(text);
            case DOMAIN -> domain(text);
            case HOST -> slug(text);
            // Its refusals complete "target ...", e.g. "target is not a valid selector: ...".
            case SELECTOR -> Selector.parse(text).canonical();
        };
    }

    private static String url(String text) {
        try {
            return SiteUrl.parse(text).value();
        } catch (InvalidSiteUrlException e) {
            throw new IllegalArgumentException("is not a valid URL: it " + e.getMessage());
        }
    }

    private static String domain(String text) {
        boolean wildcard = text.startsWith("*.");
        String name = wildcard ? text.substring(2) : text;
        String host;
        try {
            host = SiteUrl.normalizeHost(name);
        } catch (InvalidSiteUrlException e) {
            throw new IllegalArgumentException("is not a valid domain: use example.com or *.example.com");
        }
        if (wildcard) {
            // A wildcard over an IP address or a whole top-level domain is almost surely a mistake.
            if (host.startsWith("[") || host.chars().allMatch(c -> Character.isDigit(c) || c == '.')) {
                throw new IllegalArgumentException("must not be a wildcard over an IP address");
            }
            if (host.indexOf('.') < 0) {
                throw new IllegalArgumentException("must not be a wildcard over a top-level domain");
            }
            return "*." + host;
        }
        return host;
    }

    private static String slug(String text) {
        if (text.isEmpty() || text.length() > MAX_SLUG_LENGTH) {
            throw new IllegalArgumentException("must be a host slug of 1 to " + MAX_SLUG_LENGTH + " characters");
        }
        if (text.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("must not contain control characters");
        }
        return text;
    }
}
