package dev.downtime.receiver.sites;

import dev.downtime.receiver.site.SiteUrl;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * Which selector windows cover which inventory sites, precomputed so that the decision for a URL is
 * one hash lookup ({@link #windowsCovering}) whatever the number of sites and windows.
 *
 * <p>Kept up to date incrementally: a changed site is matched against the windows that could cover
 * it (those requiring one of its label values or keys), a changed window against the sites that
 * carry the label value or key its most selective matcher requires, found through an inverted
 * index of labels. Every selector has such a matcher ({@link Selector} refuses one whose matchers
 * all match a site without labels), so nothing ever scans the whole inventory or all windows.
 *
 * <p>Updates are serialized (each method that changes the index holds its lock); lookups take no
 * lock and run concurrently with an update, seeing each URL either before or after it, never a
 * mix, and a site that a changed window covers before and after stays covered throughout. {@code
 * W} identifies a window (its id) and needs {@code equals} and {@code hashCode}.
 */
public final class SelectorIndex<W> {

    /** Below this many distinct values, a regex is tried on each to count its candidates exactly. */
    private static final int EXACT_COUNT_VALUES = 1024;

    /** URL to the windows covering it; URLs covered by none are absent. Read without the lock. */
    private final ConcurrentHashMap<String, List<W>> covering;

    // Everything below is guarded by this. The invariant: a site's windows are exactly the indexed
    // windows whose selector matches its labels.

    private final Map<String, SiteEntry<W>> sites = new HashMap<>();

    /** Label key to value to the sites carrying it: what a window's matchers look up. */
    private final Map<String, Map<String, Set<SiteEntry<W>>>> postings = new HashMap<>();

    /** Label key to the number of sites carrying it, to pick the most selective matcher. */
    private final Map<String, Integer> keyCounts = new HashMap<>();

    private final Map<W, WindowEntry<W>> windows = new HashMap<>();

    /** Windows by the label value they require (key, then value): the candidates for a site. */
    private final Map<String, Map<String, Set<WindowEntry<W>>>> windowsByValue = new HashMap<>();

    /** Windows requiring only that a label be present (by key), such as {@code server=~web-.*}. */
    private final Map<String, Set<WindowEntry<W>>> windowsByKey = new HashMap<>();

    /** A site, compared by identity in the sets above. */
    private static final class SiteEntry<W> {
        final String url;
        Labels labels;
        /** The windows covering this site, a few as a rule; empty for none. */
        List<WindowEntry<W>> windows = List.of();

        SiteEntry(String url, Labels labels) {
            this.url = url;
            this.labels = labels;
        }

        void add(WindowEntry<W> window) {
            if (windows.isEmpty()) {
                windows = new ArrayList<>(4);
            }
            windows.add(window);
        }
    }

    private static final class WindowEntry<W> {
        final W id;
        final Selector selector;
        /**
         * The matcher under which the window is filed for sites: it never matches a missing label,
         * so only sites carrying its key (or its value, for an equality) can match the selector.
         */
        final LabelMatcher guard;

        WindowEntry(W id, Selector selector) {
            this.id = id;
            this.selector = selector;
            this.guard = guard(selector);
        }

        /** An equality on a value when there is one (the fewest candidate windows), else any. */
        static LabelMatcher guard(Selector selector) {
            LabelMatcher any = null;
            for (LabelMatcher matcher : selector.matchers()) {
                if (matcher.matchesEmpty()) {
                    continue;
                }
                if (matcher.type() == MatchType.EQUAL) {
                    return matcher;
                }
                if (any == null) {
                    any = matcher;
                }
            }
            if (any == null) {
                throw new IllegalStateException("a selector requires a label: " + selector);
            }
            return any;
        }
    }

    /** What a selector matches in the inventory: how many sites, and the first URLs in order. */
    public record Matches(int count, List<String> first) {

        public Matches {
            first = List.copyOf(first);
        }
    }

    /** An empty index. */
    public SelectorIndex() {
        this.covering = new ConcurrentHashMap<>();
    }

    private SelectorIndex(int expectedSites) {
        this.covering = new ConcurrentHashMap<>(expectedSites);
    }

    /** An index of these sites and windows, computed window by window through the label index. */
    public static <W> SelectorIndex<W> build(Collection<Site> sites, Map<W, Selector> windows) {
        SelectorIndex<W> index = new SelectorIndex<>(sites.size());
        synchronized (index) {
            for (Site site : sites) {
                SiteEntry<W> entry = new SiteEntry<>(site.key(), site.labels());
                SiteEntry<W> previous = index.sites.put(entry.url, entry);
                if (previous != null) {
                    index.unpost(previous);
                }
                index.post(entry);
            }
            windows.forEach((id, selector) -> {
                WindowEntry<W> window = new WindowEntry<>(id, selector);
                index.windows.put(id, window);
                index.register(window);
                for (SiteEntry<W> site : index.matching(selector)) {
                    site.add(window);
                }
            });
            for (SiteEntry<W> site : index.sites.values()) {
                index.publish(site);
            }
        }
        return index;
    }

    /** The ids of the selector windows covering the site with this normalized URL; empty for none. */
    public List<W> windowsCovering(String url) {
        List<W> found = covering.get(url);
        return found == null ? List.of() : found;
    }

    public List<W> windowsCovering(SiteUrl url) {
        return windowsCovering(url.value());
    }

    /** Adds a site or changes its labels; nothing happens when they are unchanged. */
    public synchronized void putSite(Site site) {
        putSite(site.key(), site.labels());
    }

    public synchronized void putSite(String url, Labels labels) {
        SiteEntry<W> site = sites.get(url);
        if (site != null && site.labels.equals(labels)) {
            return;
        }
        if (site == null) {
            site = new SiteEntry<>(url, labels);
            sites.put(url, site);
        } else {
            unpost(site);
            site.labels = labels;
        }
        post(site);
        site.windows = List.of();
        for (WindowEntry<W> window : candidateWindows(labels)) {
            if (window.selector.matches(labels)) {
                site.add(window);
            }
        }
        publish(site);
    }

    /** Removes a site; nothing happens when it is not indexed. */
    public synchronized void removeSite(String url) {
        SiteEntry<W> site = sites.remove(url);
        if (site == null) {
            return;
        }
        unpost(site);
        covering.remove(url);
    }

    /** Adds a window or changes its selector; nothing happens when the selector is unchanged. */
    public synchronized void putWindow(W id, Selector selector) {
        WindowEntry<W> old = windows.get(id);
        if (old != null && old.selector.equals(selector)) {
            return;
        }
        WindowEntry<W> window = new WindowEntry<>(id, selector);
        List<SiteEntry<W>> now = matching(selector);
        Set<SiteEntry<W>> before = Collections.newSetFromMap(new IdentityHashMap<>());
        if (old != null) {
            before.addAll(matching(old.selector));
            unregister(old);
        }
        windows.put(id, window);
        register(window);

        for (SiteEntry<W> site : now) {
            if (before.remove(site)) {
                // Covered before and after: the window's entry is swapped in one publication.
                site.windows.set(site.windows.indexOf(old), window);
            } else {
                site.add(window);
            }
            publish(site);
        }
        for (SiteEntry<W> site : before) {
            site.windows.remove(old);
            publish(site);
        }
    }

    /** Removes a window; nothing happens when it is not indexed. */
    public synchronized void removeWindow(W id) {
        WindowEntry<W> window = windows.remove(id);
        if (window == null) {
            return;
        }
        unregister(window);
        for (SiteEntry<W> site : matching(window.selector)) {
            site.windows.remove(window);
            publish(site);
        }
    }

    /**
     * Makes the indexed sites exactly these: adds and changes what differs, removes what is
     * missing, and leaves unchanged sites alone.
     */
    public synchronized void syncSites(Collection<Site> all) {
        Set<String> seen = HashSet.newHashSet(all.size());
        for (Site site : all) {
            putSite(site.key(), site.labels());
            seen.add(site.key());
        }
        List<String> gone = new ArrayList<>();
        for (String url : sites.keySet()) {
            if (!seen.contains(url)) {
                gone.add(url);
            }
        }
        gone.forEach(this::removeSite);
    }

    /**
     * Makes the indexed windows exactly these: recomputes only windows that are new or whose
     * selector changed, and removes the missing ones.
     */
    public synchronized void syncWindows(Map<W, Selector> all) {
        all.forEach(this::putWindow);
        List<W> gone = new ArrayList<>();
        for (W id : windows.keySet()) {
            if (!all.containsKey(id)) {
                gone.add(id);
            }
        }
        gone.forEach(this::removeWindow);
    }

    /**
     * The sites a selector matches now, for a preview: how many, and the first {@code limit} URLs
     * in their natural order.
     */
    public synchronized Matches sitesMatching(Selector selector, int limit) {
        List<SiteEntry<W>> matched = matching(selector);
        List<String> urls = new ArrayList<>(matched.size());
        for (SiteEntry<W> site : matched) {
            urls.add(site.url);
        }
        urls.sort(null);
        return new Matches(urls.size(), urls.subList(0, Math.min(limit, urls.size())));
    }

    public synchronized int siteCount() {
        return sites.size();
    }

    public synchronized int windowCount() {
        return windows.size();
    }

    /**
     * The sites a selector matches, each once: the candidates of its most selective matcher that
     * never matches a missing label (every site carrying one of the values it accepts), then the
     * other matchers checked on each.
     */
    private List<SiteEntry<W>> matching(Selector selector) {
        LabelMatcher driver = WindowEntry.guard(selector);
        long best = Long.MAX_VALUE;
        for (LabelMatcher matcher : selector.matchers()) {
            if (matcher.matchesEmpty()) {
                continue;
            }
            Map<String, Set<SiteEntry<W>>> byValue = postings(matcher.name());
            long cost;
            if (matcher.type() == MatchType.EQUAL) {
                Set<SiteEntry<W>> posted = byValue.get(matcher.value());
                cost = posted == null ? 0 : posted.size();
            } else if (byValue.size() <= EXACT_COUNT_VALUES) {
                cost = byValue.size();
                for (Map.Entry<String, Set<SiteEntry<W>>> value : byValue.entrySet()) {
                    if (matcher.matches(value.getKey())) {
                        cost += value.getValue().size();
                    }
                }
            } else {
                // Too many values to try them all just to choose: assume the worst.
                cost = byValue.size() + (long) keyCounts.getOrDefault(matcher.name(), 0);
            }
            if (cost < best) {
                best = cost;
                driver = matcher;
            }
        }

        List<Check> checks = new ArrayList<>(selector.matchers().size());
        for (LabelMatcher matcher : selector.matchers()) {
            if (matcher != driver) {
                checks.add(new Check(matcher));
            }
        }
        // A site carries one value per key, so the candidates of different values never overlap.
        List<SiteEntry<W>> matched = new ArrayList<>();
        Map<String, Set<SiteEntry<W>>> byValue = postings(driver.name());
        if (driver.type() == MatchType.EQUAL) {
            addMatching(matched, byValue.get(driver.value()), checks);
        } else {
            for (Map.Entry<String, Set<SiteEntry<W>>> value : byValue.entrySet()) {
                if (driver.matches(value.getKey())) {
                    addMatching(matched, value.getValue(), checks);
                }
            }
        }
        return matched;
    }

    /**
     * One matcher applied to many sites: a regex runs once per distinct value, as sites share
     * values (100 sites on a server, thousands in a cluster).
     */
    private static final class Check {
        final LabelMatcher matcher;
        final @Nullable Map<String, Boolean> seen;

        Check(LabelMatcher matcher) {
            this.matcher = matcher;
            boolean regex = matcher.type() == MatchType.REGEX || matcher.type() == MatchType.NOT_REGEX;
            this.seen = regex ? new HashMap<>() : null;
        }

        boolean test(Labels labels) {
            String value = labels.get(matcher.name());
            if (seen == null) {
                return matcher.matches(value);
            }
            Boolean known = seen.get(value);
            if (known == null) {
                known = matcher.matches(value);
                seen.put(value, known);
            }
            return known;
        }
    }

    private static <W> void addMatching(
            List<SiteEntry<W>> matched, @Nullable Set<SiteEntry<W>> candidates, List<Check> checks) {
        if (candidates == null) {
            return;
        }
        candidates:
        for (SiteEntry<W> site : candidates) {
            for (Check check : checks) {
                if (!check.test(site.labels)) {
                    continue candidates;
                }
            }
            matched.add(site);
        }
    }

    /** The windows that may cover a site with these labels: those whose guard one of them meets. */
    private List<WindowEntry<W>> candidateWindows(Labels labels) {
        List<WindowEntry<W>> candidates = new ArrayList<>();
        labels.forEach((key, value) -> {
            Map<String, Set<WindowEntry<W>>> byValue = windowsByValue.get(key);
            if (byValue != null) {
                Set<WindowEntry<W>> exact = byValue.get(value);
                if (exact != null) {
                    candidates.addAll(exact);
                }
            }
            Set<WindowEntry<W>> anyValue = windowsByKey.get(key);
            if (anyValue != null) {
                candidates.addAll(anyValue);
            }
        });
        return candidates;
    }

    private Map<String, Set<SiteEntry<W>>> postings(String key) {
        Map<String, Set<SiteEntry<W>>> byValue = postings.get(key);
        return byValue == null ? Map.of() : byValue;
    }

    private void post(SiteEntry<W> site) {
        site.labels.forEach((key, value) -> {
            postings.computeIfAbsent(key, k -> new HashMap<>())
                    .computeIfAbsent(value, v -> Collections.newSetFromMap(new IdentityHashMap<>(4)))
                    .add(site);
            keyCounts.merge(key, 1, Integer::sum);
        });
    }

    private void unpost(SiteEntry<W> site) {
        site.labels.forEach((key, value) -> {
            // Emptied sets and maps go (a null from the function removes the entry).
            postings.computeIfPresent(key, (k, byValue) -> {
                byValue.computeIfPresent(value, (v, posted) -> {
                    posted.remove(site);
                    return posted.isEmpty() ? null : posted;
                });
                return byValue.isEmpty() ? null : byValue;
            });
            keyCounts.merge(key, -1, (a, b) -> a + b == 0 ? null : a + b);
        });
    }

    private void register(WindowEntry<W> window) {
        LabelMatcher guard = window.guard;
        if (guard.type() == MatchType.EQUAL) {
            windowsByValue
                    .computeIfAbsent(guard.name(), k -> new HashMap<>())
                    .computeIfAbsent(guard.value(), v -> new HashSet<>(2))
                    .add(window);
        } else {
            windowsByKey.computeIfAbsent(guard.name(), k -> new HashSet<>()).add(window);
        }
    }

    private void unregister(WindowEntry<W> window) {
        LabelMatcher guard = window.guard;
        if (guard.type() == MatchType.EQUAL) {
            windowsByValue.computeIfPresent(guard.name(), (name, byValue) -> {
                byValue.computeIfPresent(guard.value(), (value, registered) -> {
                    registered.remove(window);
                    return registered.isEmpty() ? null : registered;
                });
                return byValue.isEmpty() ? null : byValue;
            });
        } else {
            windowsByKey.computeIfPresent(guard.name(), (name, registered) -> {
                registered.remove(window);
                return registered.isEmpty() ? null : registered;
            });
        }
    }

    private void publish(SiteEntry<W> site) {
        if (site.windows.isEmpty()) {
            covering.remove(site.url);
            return;
        }
        List<W> ids = new ArrayList<>(site.windows.size());
        for (WindowEntry<W> window : site.windows) {
            ids.add(window.id);
        }
        covering.put(site.url, List.copyOf(ids));
    }
}
