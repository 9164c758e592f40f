package dev.downtime.receiver.alerts.grouping;

import dev.downtime.receiver.site.SiteUrl;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.apache.hc.client5.http.psl.PublicSuffixMatcher;
import org.apache.hc.client5.http.psl.PublicSuffixMatcherLoader;
import org.jspecify.annotations.Nullable;

/**
 * How sites are grouped into one message ({@code receiver.alerts.group-by}): by Monitor's host
 * slug, by an inventory label, by registrable domain, or all together.
 */
public sealed interface GroupBy {

    /** What a label key may look like: the inventory's keys are plain names. */
    Pattern LABEL_KEY = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._/-]{0,62}");

    /**
     * The group of a site.
     *
     * @param url the site's normalized URL
     * @param host Monitor's host slug for it, if known
     * @param labels the inventory's labels of a URL (only {@code label:<key>} asks)
     */
    GroupKey keyOf(String url, @Nullable String host, Function<String, Map<String, String>> labels);

    /** As written in the property. */
    String spelling();

    /**
     * Reads the property: {@code host}, {@code domain}, {@code none} or {@code label:<key>}.
     *
     * @throws IllegalArgumentException naming the accepted values
     */
    static GroupBy parse(String text) {
        String value = text.strip();
        switch (value) {
            case "host":
                return new Host();
            case "domain":
                return new Domain();
            case "none":
                return new None();
            default:
                if (value.startsWith("label:")
                        && LABEL_KEY.matcher(value.substring(6)).matches()) {
                    return new Label(value.substring(6));
                }
                throw new IllegalArgumentException(
                        "group-by must be host, domain, none or label:<key> (letters, digits,"
                                + " '.', '_', '/', '-'), not '" + text + "'");
        }
    }

    /** By Monitor's host slug, compared without case as the incidents API does. */
    record Host() implements GroupBy {
        @Override
        public GroupKey keyOf(String url, @Nullable String host, Function<String, Map<String, String>> labels) {
            return new GroupKey("host", host == null ? "" : host.toLowerCase(Locale.ROOT));
        }

        @Override
        public String spelling() {
            return "host";
        }
    }

    /** By the value of one inventory label, e.g. {@code server}; sites without it form their own group. */
    record Label(String key) implements GroupBy {
        @Override
        public GroupKey keyOf(String url, @Nullable String host, Function<String, Map<String, String>> labels) {
            String value = labels.apply(url).get(key);
            return new GroupKey("label:" + key, value == null ? "" : value);
        }

        @Override
        public String spelling() {
            return "label:" + key;
        }
    }

    /**
     * By registrable domain ("eTLD+1"), as browsers decide it: the Public Suffix List, ICANN and
     * private sections both, so {@code shop.example.co.uk} and {@code www.example.co.uk} group as
     * {@code example.co.uk} while {@code alice.github.io} and {@code bob.github.io} (different
     * owners) do not group together. The list is the copy Apache HttpClient 5 ships (already our
     * site checker's client, and updated with its releases). An IP address is its own domain; so is
     * a host that is itself a public suffix or has a single label.
     */
    record Domain() implements GroupBy {

        private static final PublicSuffixMatcher SUFFIXES = PublicSuffixMatcherLoader.getDefault();

        @Override
        public GroupKey keyOf(String url, @Nullable String host, Function<String, Map<String, String>> labels) {
            return new GroupKey("domain", registrableDomain(url));
        }

        @Override
        public String spelling() {
            return "domain";
        }

        /** The site's registrable domain; the URL's host as normalized when it has none. */
        static String registrableDomain(String url) {
            SiteUrl site = SiteUrl.parse(url);
            if (site.ipLiteral()) {
                return site.host();
            }
            String root = SUFFIXES.getDomainRoot(site.host());
            return root == null ? site.host() : root;
        }
    }

    /** One group for everything. */
    record None() implements GroupBy {
        @Override
        public GroupKey keyOf(String url, @Nullable String host, Function<String, Map<String, String>> labels) {
            return new GroupKey(GroupKey.NONE, "");
        }

        @Override
        public String spelling() {
            return "none";
        }
    }
}
