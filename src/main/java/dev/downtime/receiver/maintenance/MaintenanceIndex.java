package dev.downtime.receiver.maintenance;

import dev.downtime.receiver.site.SiteUrl;
import dev.downtime.receiver.sites.SelectorIndex;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Windows keyed the way notifications look them up: by normalized URL, exact host name, wildcard
 * parent domain and host slug. A lookup costs a few hash probes per label of the URL's host,
 * however many windows there are. Immutable; the schedule swaps in a new one on change.
 */
public final class MaintenanceIndex {

    static final MaintenanceIndex EMPTY = build(List.of());

    private static final String WILDCARD = "*.";

    private final Map<String, ScheduledWindow[]> byUrl;
    private final Map<String, ScheduledWindow[]> byDomain;
    private final Map<String, ScheduledWindow[]> byWildcardParent;
    private final Map<String, ScheduledWindow[]> bySlug;
    /**
     * Selector windows by id, each with its occurrences (one for a one-off window): which sites they
     * cover is the schedule's selector index's to say.
     */
    private final Map<UUID, ScheduledWindow[]> selectorWindows;

    private final int size;

    private MaintenanceIndex(
            Map<String, ScheduledWindow[]> byUrl,
            Map<String, ScheduledWindow[]> byDomain,
            Map<String, ScheduledWindow[]> byWildcardParent,
            Map<String, ScheduledWindow[]> bySlug,
            Map<UUID, ScheduledWindow[]> selectorWindows,
            int size) {
        this.byUrl = byUrl;
        this.byDomain = byDomain;
        this.byWildcardParent = byWildcardParent;
        this.bySlug = bySlug;
        this.selectorWindows = selectorWindows;
        this.size = size;
    }

    /** Builds an index from windows whose targets are already normalized for their scope. */
    public static MaintenanceIndex build(Collection<ScheduledWindow> windows) {
        Map<String, List<ScheduledWindow>> byUrl = new HashMap<>();
        Map<String, List<ScheduledWindow>> byDomain = new HashMap<>();
        Map<String, List<ScheduledWindow>> byWildcardParent = new HashMap<>();
        Map<String, List<ScheduledWindow>> bySlug = new HashMap<>();
        Map<UUID, List<ScheduledWindow>> selectorWindows = new HashMap<>();
        for (ScheduledWindow window : windows) {
            if (window.scope() == WindowScope.SELECTOR) {
                // A recurring window brings each occurrence under the same id: keep them all.
                selectorWindows
                        .computeIfAbsent(window.id(), k -> new ArrayList<>(1))
                        .add(window);
                continue;
            }
            String target = window.target();
            Map<String, List<ScheduledWindow>> map;
            String key;
            switch (window.scope()) {
                case URL -> {
                    map = byUrl;
                    key = target;
                }
                case DOMAIN -> {
                    boolean wildcard = target.startsWith(WILDCARD);
                    map = wildcard ? byWildcardParent : byDomain;
                    key = wildcard ? target.substring(WILDCARD.length()) : target;
                }
                case HOST -> {
                    map = bySlug;
                    key = slugKey(target);
                }
                default -> throw new IllegalStateException("unknown scope " + window.scope());
            }
            map.computeIfAbsent(key, k -> new ArrayList<>(1)).add(window);
        }
        return new MaintenanceIndex(
                freeze(byUrl),
                freeze(byDomain),
                freeze(byWildcardParent),
                freeze(bySlug),
                Map.copyOf(freeze(selectorWindows)),
                windows.size());
    }

    /**
     * Every indexed window whose target matches the URL or the host slug, whatever its state;
     * selector windows aside (see {@link #selectorWindows()}).
     */
    public List<ScheduledWindow> matching(SiteUrl url, @Nullable String hostSlug) {
        List<ScheduledWindow> found = new ArrayList<>(4);
        addAll(found, byUrl.get(url.value()));
        addAll(found, byDomain.get(url.host()));
        if (!byWildcardParent.isEmpty()) {
            // "*.example.com" covers every subdomain of example.com, never the apex itself.
            for (String parent : url.parentDomains()) {
                addAll(found, byWildcardParent.get(parent));
            }
        }
        if (hostSlug != null && !bySlug.isEmpty()) {
            addAll(found, bySlug.get(slugKey(hostSlug)));
        }
        return found;
    }

    /**
     * {@link #matching(SiteUrl, String)} and the selector windows covering the URL: the decision's
     * whole lookup, from memory.
     *
     * @param selectors which selector windows cover which inventory site
     */
    public List<ScheduledWindow> matching(SiteUrl url, @Nullable String hostSlug, SelectorIndex<UUID> selectors) {
        List<ScheduledWindow> found = matching(url, hostSlug);
        for (UUID id : selectors.windowsCovering(url.value())) {
            // Absent for a moment when the window was just removed from memory.
            ScheduledWindow[] occurrences = selectorWindows.get(id);
            if (occurrences != null) {
                addAll(found, occurrences);
            }
        }
        return found;
    }

    public int size() {
        return size;
    }

    /** The selector windows, by id, each with its occurrences. */
    public Map<UUID, ScheduledWindow[]> selectorWindows() {
        return selectorWindows;
    }

    static String slugKey(String slug) {
        return slug.strip().toLowerCase(Locale.ROOT);
    }

    private static void addAll(List<ScheduledWindow> found, ScheduledWindow @Nullable [] windows) {
        if (windows != null) {
            for (ScheduledWindow window : windows) {
                found.add(window);
            }
        }
    }

    private static <K> Map<K, ScheduledWindow[]> freeze(Map<K, List<ScheduledWindow>> lists) {
        Map<K, ScheduledWindow[]> arrays = HashMap.newHashMap(lists.size());
        lists.forEach((key, list) -> arrays.put(key, list.toArray(ScheduledWindow[]::new)));
        return arrays;
    }
}
