package dev.downtime.receiver.sites.upload;

import dev.downtime.receiver.sites.Site;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What an upload changes in the inventory, for a dry run's answer and for applying it: the sites
 * added, the sites changed (host or labels), the sites removed (only with prune, which makes the
 * inventory exactly the upload), and how many uploaded sites are already as given.
 *
 * @param added uploaded sites the inventory lacks, in upload order
 * @param changed uploaded sites whose host or labels differ, in upload order
 * @param removed with prune, inventory sites the upload lacks, by URL; otherwise empty
 * @param unchanged how many uploaded sites the inventory already holds exactly so
 */
public record InventoryDiff(List<Site> added, List<Change> changed, List<Site> removed, int unchanged) {

    /** One site as the inventory has it and as the upload gives it. */
    public record Change(Site before, Site after) {}

    public InventoryDiff {
        added = List.copyOf(added);
        changed = List.copyOf(changed);
        removed = List.copyOf(removed);
    }

    /**
     * Compares an upload with the inventory, by normalized URL. Linear in the sizes of both.
     *
     * @param upload sites with distinct URLs, as {@link SiteUploads} gives them
     * @param prune whether sites missing from the upload are to be removed
     */
    public static InventoryDiff between(Collection<Site> current, List<Site> upload, boolean prune) {
        Map<String, Site> byUrl = HashMap.newHashMap(current.size());
        for (Site site : current) {
            byUrl.put(site.key(), site);
        }
        List<Site> added = new ArrayList<>();
        List<Change> changed = new ArrayList<>();
        Set<String> uploaded = HashSet.newHashSet(upload.size());
        int unchanged = 0;
        for (Site after : upload) {
            if (!uploaded.add(after.key())) {
                throw new IllegalArgumentException("the upload lists " + after.key() + " twice");
            }
            Site before = byUrl.get(after.key());
            if (before == null) {
                added.add(after);
            } else if (before.equals(after)) {
                unchanged++;
            } else {
                changed.add(new Change(before, after));
            }
        }
        List<Site> removed = new ArrayList<>();
        if (prune) {
            for (Site site : current) {
                if (!uploaded.contains(site.key())) {
                    removed.add(site);
                }
            }
            removed.sort(Comparator.comparing(Site::key));
        }
        return new InventoryDiff(added, changed, removed, unchanged);
    }

    /** Whether applying the upload would change nothing. */
    public boolean isEmpty() {
        return added.isEmpty() && changed.isEmpty() && removed.isEmpty();
    }
}
