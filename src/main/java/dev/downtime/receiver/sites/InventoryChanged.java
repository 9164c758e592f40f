package dev.downtime.receiver.sites;

import java.util.List;

/**
 * Published once this instance's {@link Inventory} in memory has changed, whichever instance made
 * the change: what was added or changed, and the URLs removed. Not stored: a listener that misses
 * it catches up from {@link Inventory#sites()}.
 *
 * @param version the inventory's version once changed; events come in the order of versions
 * @param put sites added or whose host or labels changed
 * @param removed normalized URLs of the sites removed
 */
public record InventoryChanged(long version, List<Site> put, List<String> removed) {

    public InventoryChanged {
        put = List.copyOf(put);
        removed = List.copyOf(removed);
    }
}
