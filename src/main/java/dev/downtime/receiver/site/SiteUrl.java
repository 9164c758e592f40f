package dev.downtime.receiver.site;

import dev.downtime.receiver.net.IpAddress;
import java.net.IDN;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A site's URL in the normalized form used for matching: lower-case scheme and host, IDN host in
 * punycode, default port, fragment and the path's trailing slashes dropped, query kept. Normalizing
 * a normalized URL gives it back unchanged.
 *
 * @param value the normalized URL, e.g. {@code https://example.com:8443/blog?p=1}
 * @param host the normalized host name or IP literal, e.g. {@code example.com}
 * @param ipLiteral whether {@code host} is an IP address rather than a DNS name
 */
public record SiteUrl(String value, String host, boolean ipLiteral) {

    /**
     * The longest URL accepted, in UTF-8 bytes, both as given and once normalized (which may be
     * longer: a scheme added, a host turned into punycode). Nothing Monitor checks is that long; it
     * bounds what is stored. A window's target (at most 4096 characters) can always hold it, and
     * every table that looks URLs up (notifications and incidents since V15, window targets since
     * V21) indexes them by their digest, as a b-tree entry cannot hold 4096 bytes.
     */
    public static final int MAX_BYTES = 4096;

    /** A scheme only at the very start: "example.com/?next=http://x" has none. */
    private static final Pattern SCHEME = Pattern.compile("([A-Za-z][A-Za-z0-9+.-]*)://");

    private static final int MAX_HOST_LENGTH = 253;
    private static final int MAX_LABEL_LENGTH = 63;

    /**
     * Parses and normalizes a URL as Monitor sends it. A URL without a scheme means {@code http://}
     * (Monitor's own records hold bare domains).
     *
     * @throws InvalidSiteUrlException when the text is not an http(s) URL with a valid host
     */
    public static SiteUrl parse(String raw) {
        // The text as given is what gets stored as the raw URL, blanks around it included.
        int rawBytes = Utf8.length(raw);
        if (rawBytes < 0) {
            throw new InvalidSiteUrlException("must be valid Unicode (no unpaired surrogate)");
        }
        if (rawBytes > MAX_BYTES) {
            throw new InvalidSiteUrlException("must be at most " + MAX_BYTES + " bytes in UTF-8");
        }
        String text = raw.strip();
        if (text.isEmpty()) {
            throw new InvalidSiteUrlException("must not be blank");
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c <= 0x20 || c == 0x7f || Character.isWhitespace(c) || Character.isISOControl(c)) {
                throw new InvalidSiteUrlException("must not contain spaces or control characters");
            }
        }

        String scheme = "http";
        String rest = text;
        Matcher explicitScheme = SCHEME.matcher(text);
        if (explicitScheme.lookingAt()) {
            scheme = explicitScheme.group(1).toLowerCase(Locale.ROOT);
            rest = text.substring(explicitScheme.end());
        } else if (text.startsWith("//")) {
            rest = text.substring(2);
        }
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new InvalidSiteUrlException("scheme must be http or https");
        }

        int fragmentStart = rest.indexOf('#');
        if (fragmentStart >= 0) {
            rest = rest.substring(0, fragmentStart);
        }
        int authorityEnd = indexOfAny(rest, '/', '?');
        String authority = authorityEnd < 0 ? rest : rest.substring(0, authorityEnd);
        String pathAndQuery = authorityEnd < 0 ? "" : rest.substring(authorityEnd);

        int userInfoEnd = authority.lastIndexOf('@');
        if (userInfoEnd >= 0) {
            // Credentials are not part of a site's identity.
            authority = authority.substring(userInfoEnd + 1);
        }

        String hostPart;
        String portPart = null;
        if (authority.startsWith("[")) {
            int close = authority.indexOf(']');
            if (close < 0) {
                throw new InvalidSiteUrlException("has an unterminated IPv6 address");
            }
            hostPart = authority.substring(0, close + 1);
            String after = authority.substring(close + 1);
            if (!after.isEmpty()) {
                if (!after.startsWith(":")) {
                    throw new InvalidSiteUrlException("has an invalid host");
                }
                portPart = after.substring(1);
            }
        } else {
            int colon = authority.lastIndexOf(':');
            hostPart = colon < 0 ? authority : authority.substring(0, colon);
            portPart = colon < 0 ? null : authority.substring(colon + 1);
        }

        Host host = Host.parse(hostPart);
        String port = normalizePort(scheme, portPart);

        String path = pathAndQuery;
        String query = "";
        int queryStart = pathAndQuery.indexOf('?');
        if (queryStart >= 0) {
            path = pathAndQuery.substring(0, queryStart);
            query = pathAndQuery.substring(queryStart + 1);
        }
        while (path.endsWith("/")) {
            // All of them, so that normalizing a normalized URL changes nothing.
            path = path.substring(0, path.length() - 1);
        }

        StringBuilder value = new StringBuilder(text.length() + 8)
                .append(scheme)
                .append("://")
                .append(host.name());
        if (port != null) {
            value.append(':').append(port);
        }
        value.append(path);
        if (!query.isEmpty()) {
            value.append('?').append(query);
        }
        if (Utf8.length(value) > MAX_BYTES) {
            throw new InvalidSiteUrlException("must be at most " + MAX_BYTES + " bytes in UTF-8 once normalized");
        }
        return new SiteUrl(value.toString(), host.name(), host.ipLiteral());
    }

    /**
     * Normalizes a host name the way {@link #parse} does: lower case, IDN to punycode, one trailing
     * dot dropped, IP literals in canonical form.
     *
     * @throws InvalidSiteUrlException when it is not a valid host name or IP literal
     */
    public static String normalizeHost(String host) {
        return Host.parse(host).name();
    }

    /**
     * The domains above this URL's host, nearest first: {@code a.b.example.com} gives {@code
     * b.example.com}, {@code example.com}, {@code com}. Empty for IP literals.
     */
    public List<String> parentDomains() {
        if (ipLiteral) {
            return List.of();
        }
        List<String> parents = new ArrayList<>(4);
        for (int dot = host.indexOf('.'); dot >= 0; dot = host.indexOf('.', dot + 1)) {
            parents.add(host.substring(dot + 1));
        }
        return parents;
    }

    private static @Nullable String normalizePort(String scheme, @Nullable String port) {
        if (port == null || port.isEmpty()) {
            return null;
        }
        if (port.length() > 5 || !port.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new InvalidSiteUrlException("has an invalid port");
        }
        int number = Integer.parseInt(port);
        if (number < 1 || number > 65535) {
            throw new InvalidSiteUrlException("has an invalid port");
        }
        boolean isDefault = (scheme.equals("http") && number == 80) || (scheme.equals("https") && number == 443);
        return isDefault ? null : Integer.toString(number);
    }

    private static int indexOfAny(String text, char a, char b) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == a || c == b) {
                return i;
            }
        }
        return -1;
    }

    private record Host(String name, boolean ipLiteral) {

        static Host parse(String raw) {
            String host = raw;
            if (host.endsWith(".")) {
                // "example.com." is the same DNS name as "example.com".
                host = host.substring(0, host.length() - 1);
            }
            if (host.isEmpty()) {
                throw new InvalidSiteUrlException("has no host");
            }
            if (host.startsWith("[")) {
                if (!host.endsWith("]")) {
                    throw new InvalidSiteUrlException("has an invalid host");
                }
                return new Host("[" + ipLiteral(host.substring(1, host.length() - 1), true) + "]", true);
            }
            if (isNumeric(host)) {
                return new Host(ipLiteral(host, false), true);
            }
            String ascii;
            try {
                ascii = IDN.toASCII(host, IDN.ALLOW_UNASSIGNED).toLowerCase(Locale.ROOT);
            } catch (IllegalArgumentException e) {
                throw new InvalidSiteUrlException("has an invalid host name");
            }
            if (ascii.endsWith(".")) {
                // IDN maps ideographic full stops, so a trailing dot can appear only now.
                ascii = ascii.substring(0, ascii.length() - 1);
            }
            if (isNumeric(ascii)) {
                // IDN maps digits such as "³" or "３" to ASCII ones: read the result as typed in ASCII.
                return new Host(ipLiteral(ascii, false), true);
            }
            validateHostName(ascii);
            return new Host(ascii, false);
        }

        private static boolean isNumeric(String host) {
            return !host.isEmpty() && host.chars().allMatch(c -> (c >= '0' && c <= '9') || c == '.');
        }

        /**
         * The one standard spelling of an address (four decimal numbers without leading zeros, or
         * IPv6 in brackets), written as Java writes it; others, such as {@code 127.1} or {@code
         * 2130706433}, which programs read as different addresses, are refused.
         */
        private static String ipLiteral(String text, boolean v6) {
            Optional<IpAddress> address = IpAddress.parse(text);
            if (address.isEmpty()
                    || address.get().isIpv6() != v6
                    || !address.get().unmapped().equals(address.get())) {
                throw new InvalidSiteUrlException("has an invalid IP address");
            }
            return address.get().toInetAddress().getHostAddress();
        }

        private static void validateHostName(String name) {
            if (name.isEmpty() || name.length() > MAX_HOST_LENGTH) {
                throw new InvalidSiteUrlException("has an invalid host name");
            }
            int labelLength = 0;
            for (int i = 0; i < name.length(); i++) {
                char c = name.charAt(i);
                if (c == '.') {
                    if (labelLength == 0) {
                        throw new InvalidSiteUrlException("has an invalid host name");
                    }
                    labelLength = 0;
                } else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_') {
                    if (++labelLength > MAX_LABEL_LENGTH) {
                        throw new InvalidSiteUrlException("has an invalid host name");
                    }
                } else {
                    throw new InvalidSiteUrlException("has an invalid host name");
                }
            }
            if (labelLength == 0) {
                throw new InvalidSiteUrlException("has an invalid host name");
            }
        }
    }
}
