package dev.downtime.receiver.sites;

import static org.assertj.core.api.Assertions.assertThat;

import dev.downtime.receiver.site.SiteUrl;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class SelectorIndexTest {

    static Site site(String url, String... keyValues) {
        Map<String, String> labels = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            labels.put(keyValues[i], keyValues[i + 1]);
        }
        return new Site(SiteUrl.parse(url), null, Labels.of(labels));
    }

    static final Site A = site("https://a.example", "server", "web-42", "cluster", "eu-1", "plan", "business");
    static final Site B = site("https://b.example", "server", "web-42", "cluster", "eu-1", "plan", "vip");
    static final Site C = site("https://c.example", "server", "web-43", "cluster", "eu-1");
    static final Site D = site("https://d.example", "server", "web-7", "cluster", "us-1");
    static final Site E = site("https://e.example");

    static Map<String, Selector> issueWindows() {
        Map<String, Selector> windows = new LinkedHashMap<>();
        windows.put("web-42", Selector.parse("server=web-42"));
        windows.put("eu-not-vip", Selector.parse("cluster=eu-1,plan!=vip,server=~web-4[0-9]"));
        windows.put("us", Selector.parse("cluster=~us-.*"));
        windows.put("nobody", Selector.parse("server=web-99"));
        return windows;
    }

    @Test
    void answersWhichSelectorWindowsCoverASite() {
        SelectorIndex<String> index = SelectorIndex.build(List.of(A, B, C, D, E), issueWindows());

        assertThat(index.windowsCovering(A.url())).containsExactlyInAnyOrder("web-42", "eu-not-vip");
        assertThat(index.windowsCovering(B.url())).containsExactly("web-42");
        // No plan label: plan!=vip holds.
        assertThat(index.windowsCovering(C.url())).containsExactly("eu-not-vip");
        assertThat(index.windowsCovering(D.url())).containsExactly("us");
        assertThat(index.windowsCovering(E.url())).isEmpty();
        assertThat(index.windowsCovering("https://unknown.example")).isEmpty();
        assertThat(index.siteCount()).isEqualTo(5);
        assertThat(index.windowCount()).isEqualTo(4);
    }

    @Test
    void aWindowCreatedBeforeItsSiteExistsCoversItOnceImported() {
        SelectorIndex<String> index = new SelectorIndex<>();
        index.putWindow("web-42", Selector.parse("server=web-42"));
        index.putWindow("eu-regex", Selector.parse("cluster=~eu-.*"));
        assertThat(index.windowsCovering(A.url())).isEmpty();

        index.putSite(A);

        assertThat(index.windowsCovering(A.url())).containsExactlyInAnyOrder("web-42", "eu-regex");
    }

    @Test
    void aSiteMovedToAnotherServerLeavesItsWindowsAndJoinsTheNewOnes() {
        SelectorIndex<String> index = SelectorIndex.build(List.of(A, B, C, D), issueWindows());

        index.putSite(site("https://a.example", "server", "web-7", "cluster", "us-1"));

        assertThat(index.windowsCovering(A.url())).containsExactly("us");
        assertThat(index.sitesMatching(Selector.parse("server=web-42"), 10).first())
                .containsExactly(B.key());
    }

    @Test
    void aRemovedSiteOrWindowCoversNothingAnyMore() {
        SelectorIndex<String> index = SelectorIndex.build(List.of(A, B, C, D), issueWindows());

        index.removeSite(B.key());
        index.removeWindow("eu-not-vip");
        index.removeWindow("not-indexed");
        index.removeSite("https://not-indexed.example");

        assertThat(index.windowsCovering(B.url())).isEmpty();
        assertThat(index.windowsCovering(A.url())).containsExactly("web-42");
        assertThat(index.windowsCovering(C.url())).isEmpty();
        assertThat(index.siteCount()).isEqualTo(3);
        assertThat(index.windowCount()).isEqualTo(3);
    }

    @Test
    void aChangedSelectorMovesTheWindowToTheSitesItNowMatches() {
        SelectorIndex<String> index = SelectorIndex.build(List.of(A, B, C, D), issueWindows());

        index.putWindow("web-42", Selector.parse("server=~web-4[23],plan=~.+"));

        assertThat(index.windowsCovering(A.url())).containsExactlyInAnyOrder("web-42", "eu-not-vip");
        assertThat(index.windowsCovering(B.url())).containsExactly("web-42");
        assertThat(index.windowsCovering(C.url())).containsExactly("eu-not-vip");
    }

    @Test
    void syncingReplacesTheSitesAndWindowsWithTheGivenOnes() {
        SelectorIndex<String> index = SelectorIndex.build(List.of(A, B, C, D), issueWindows());

        index.syncSites(List.of(A, site("https://c.example", "server", "web-42"), E));
        index.syncWindows(Map.of("web-42", Selector.parse("server=web-42"), "c", Selector.parse("cluster=~.+")));

        assertThat(index.siteCount()).isEqualTo(3);
        assertThat(index.windowCount()).isEqualTo(2);
        assertThat(index.windowsCovering(A.url())).containsExactlyInAnyOrder("web-42", "c");
        assertThat(index.windowsCovering(B.url())).isEmpty();
        assertThat(index.windowsCovering(C.url())).containsExactly("web-42");
        assertThat(index.windowsCovering(D.url())).isEmpty();
    }

    @Test
    void previewsTheSitesASelectorMatchesWithTheirCountAndTheFirstInOrder() {
        SelectorIndex<String> index = SelectorIndex.build(List.of(D, C, B, A, E), Map.of());

        SelectorIndex.Matches matches = index.sitesMatching(Selector.parse("cluster=eu-1"), 2);

        assertThat(matches.count()).isEqualTo(3);
        assertThat(matches.first()).containsExactly(A.key(), B.key());
        assertThat(index.sitesMatching(Selector.parse("server=web-99"), 100))
                .isEqualTo(new SelectorIndex.Matches(0, List.of()));
    }

    /**
     * Random sites and windows changed one at a time, in every way the index supports: after each
     * change every lookup equals matching every window's selector against every site.
     */
    @Test
    void staysEqualToMatchingEverySiteAgainstEveryWindowThroughRandomChanges() {
        Random random = new Random(11);
        Map<String, Labels> sites = new HashMap<>();
        Map<Integer, Selector> windows = new HashMap<>();
        for (int i = 0; i < 300; i++) {
            sites.put(url(i), randomLabels(random));
        }
        for (int i = 0; i < 40; i++) {
            windows.put(i, randomSelector(random));
        }
        List<Site> initial = new ArrayList<>();
        sites.forEach((url, labels) -> initial.add(new Site(SiteUrl.parse(url), null, labels)));
        SelectorIndex<Integer> index = SelectorIndex.build(initial, windows);
        assertMatchesBruteForce(index, sites, windows);

        for (int step = 0; step < 600; step++) {
            int choice = random.nextInt(8);
            if (choice < 3) {
                String url = url(random.nextInt(360));
                Labels labels = randomLabels(random);
                sites.put(url, labels);
                index.putSite(url, labels);
            } else if (choice == 3) {
                String url = url(random.nextInt(360));
                sites.remove(url);
                index.removeSite(url);
            } else if (choice < 6) {
                int id = random.nextInt(50);
                Selector selector = randomSelector(random);
                windows.put(id, selector);
                index.putWindow(id, selector);
            } else if (choice == 6) {
                int id = random.nextInt(50);
                windows.remove(id);
                index.removeWindow(id);
            } else {
                // Re-putting what is there changes nothing.
                sites.forEach(index::putSite);
                windows.forEach(index::putWindow);
            }
            assertMatchesBruteForce(index, sites, windows);
        }
    }

    /**
     * While a window's selector changes between two that both match a site, a concurrent lookup
     * for that site always finds the window.
     */
    @Test
    void aLookupDuringAChangeSeesTheSiteCoveredBeforeOrAfterNeverUncovered() throws Exception {
        List<Site> sites = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            sites.add(site("https://s" + i + ".example", "server", "web-4" + (i % 10)));
        }
        SelectorIndex<String> index = SelectorIndex.build(sites, Map.of("w", Selector.parse("server=web-42")));
        String watched = "https://s2.example";
        AtomicBoolean done = new AtomicBoolean();
        AtomicReference<List<String>> seenWithout = new AtomicReference<>();
        Thread reader = Thread.ofPlatform().start(() -> {
            while (!done.get()) {
                List<String> found = index.windowsCovering(watched);
                if (!found.contains("w")) {
                    seenWithout.compareAndSet(null, found);
                }
            }
        });
        for (int i = 0; i < 2_000; i++) {
            index.putWindow("w", Selector.parse(i % 2 == 0 ? "server=~web-4[0-9]" : "server=web-42"));
        }
        done.set(true);
        reader.join();

        assertThat(seenWithout.get()).isNull();
        assertThat(index.windowsCovering(watched)).containsExactly("w");
    }

    private static void assertMatchesBruteForce(
            SelectorIndex<Integer> index, Map<String, Labels> sites, Map<Integer, Selector> windows) {
        assertThat(index.siteCount()).isEqualTo(sites.size());
        assertThat(index.windowCount()).isEqualTo(windows.size());
        for (int i = 0; i < 360; i++) {
            String url = url(i);
            Labels labels = sites.get(url);
            List<Integer> expected = new ArrayList<>();
            if (labels != null) {
                windows.forEach((id, selector) -> {
                    if (selector.matches(labels)) {
                        expected.add(id);
                    }
                });
            }
            assertThat(index.windowsCovering(url)).as(url).containsExactlyInAnyOrderElementsOf(expected);
        }
    }

    private static String url(int i) {
        return "https://site-" + i + ".example";
    }

    private static final String[] KEYS = {"server", "cluster", "plan", "customer"};

    private static Labels randomLabels(Random random) {
        Map<String, String> labels = new HashMap<>();
        for (String key : KEYS) {
            if (random.nextInt(4) > 0) {
                labels.put(key, value(key, random));
            }
        }
        return Labels.of(labels);
    }

    private static String value(String key, Random random) {
        return switch (key) {
            case "server" -> "web-" + random.nextInt(12);
            case "cluster" -> random.nextBoolean() ? "eu-" + random.nextInt(3) : "us-" + random.nextInt(2);
            case "plan" -> List.of("basic", "business", "vip").get(random.nextInt(3));
            default -> Integer.toString(4700 + random.nextInt(20));
        };
    }

    private static Selector randomSelector(Random random) {
        while (true) {
            List<String> matchers = new ArrayList<>();
            int count = 1 + random.nextInt(3);
            for (int i = 0; i < count; i++) {
                String key = KEYS[random.nextInt(KEYS.length)];
                matchers.add(
                        switch (random.nextInt(6)) {
                            case 0, 1 -> key + "=" + value(key, random);
                            case 2 -> key + "!=" + value(key, random);
                            case 3 -> key + "=~" + (key.equals("server") ? "web-1[0-9]?" : ".+");
                            case 4 -> key + "!~" + (key.equals("cluster") ? "eu-.*" : "\"\"");
                            default -> key + "=\"\"";
                        });
            }
            try {
                return Selector.parse(String.join(",", matchers));
            } catch (InvalidSelectorException matchesEverySite) {
                // All matchers also match a site without labels: draw again.
            }
        }
    }
}
