package dev.downtime.receiver.sites;

import dev.downtime.receiver.site.SiteUrl;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The site inventory, held in memory for lookups on the request path (a site's labels, the sites a
 * selector matches): loaded at start, reloaded after each change committed here, on PostgreSQL's
 * notification of a change made elsewhere, and checked every {@code receiver.sites.refresh-interval}.
 * Each reload that changes something publishes {@link InventoryChanged}. While PostgreSQL has not
 * answered since start-up, the inventory is empty.
 */
@Component
public class Inventory implements SmartInitializingSingleton {

    private static final Logger log = LoggerFactory.getLogger(Inventory.class);

    private final InventoryStore store;
    private final TransactionTemplate snapshotTransaction;
    private final ApplicationEventPublisher events;
    private final ReentrantLock loading = new ReentrantLock();

    private volatile Loaded current = new Loaded(Map.of(), -1);

    Inventory(InventoryStore store, PlatformTransactionManager transactionManager, ApplicationEventPublisher events) {
        this.store = store;
        this.snapshotTransaction = new TransactionTemplate(transactionManager);
        // The version and the rows must come from the same snapshot of the database.
        snapshotTransaction.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
        snapshotTransaction.setReadOnly(true);
        this.events = events;
    }

    /** The labels of the inventory site with this normalized URL; none when it is not in the inventory. */
    public Labels labelsOf(String normalizedUrl) {
        Stored stored = current.sites().get(normalizedUrl);
        return stored == null ? Labels.EMPTY : stored.site().labels();
    }

    /** The inventory site with this normalized URL. */
    public Optional<Site> find(String normalizedUrl) {
        Stored stored = current.sites().get(normalizedUrl);
        return stored == null ? Optional.empty() : Optional.of(stored.site());
    }

    public boolean contains(String normalizedUrl) {
        return current.sites().containsKey(normalizedUrl);
    }

    /** Every site of the inventory, as loaded last; unmodifiable and unchanging. */
    public List<Site> sites() {
        return current.list();
    }

    public int size() {
        return current.sites().size();
    }

    /** The sites and the version they are at, read together. */
    public Snapshot snapshot() {
        Loaded loaded = current;
        return new Snapshot(loaded.version(), loaded.list());
    }

    /**
     * The inventory as loaded at one version.
     *
     * @param version -1 until first loaded
     */
    public record Snapshot(long version, List<Site> sites) {}

    @Override
    public void afterSingletonsInstantiated() {
        try {
            refresh();
        } catch (RuntimeException e) {
            log.warn("Could not load the site inventory from PostgreSQL at start-up: {}", e.toString());
        }
    }

    /** After the change's transaction has ended, as for maintenance windows. */
    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMPLETION)
    void onEdit(SitesEdited edit) {
        refresh();
    }

    /** Reloads the inventory if PostgreSQL holds a newer version of it than memory. */
    public void refresh() {
        loading.lock();
        try {
            Loaded known = current;
            Loaded loaded = snapshotTransaction.execute(status -> load(known));
            if (loaded == null || loaded == known) {
                return;
            }
            InventoryChanged change = difference(known, loaded);
            current = loaded;
            log.debug("Loaded {} sites (inventory version {})", loaded.sites().size(), loaded.version());
            if (!change.put().isEmpty() || !change.removed().isEmpty()) {
                events.publishEvent(change);
            }
        } finally {
            loading.unlock();
        }
    }

    private Loaded load(Loaded known) {
        long version = store.version();
        if (version == known.version()) {
            return known;
        }
        List<InventoryStore.Row> rows = store.rows();
        Map<String, Stored> sites = HashMap.newHashMap(rows.size());
        for (InventoryStore.Row row : rows) {
            Stored before = known.sites().get(row.url());
            // Most rows are as they were: keep them rather than parse their URL and labels again.
            sites.put(
                    row.url(),
                    before != null && before.row().equals(row)
                            ? before
                            : new Stored(
                                    row,
                                    new Site(SiteUrl.parse(row.url()), row.host(), LabelsColumn.read(row.labels()))));
        }
        return new Loaded(sites, version);
    }

    private static InventoryChanged difference(Loaded before, Loaded after) {
        List<Site> put = new ArrayList<>();
        after.sites().forEach((url, stored) -> {
            Stored old = before.sites().get(url);
            if (old == null || !old.site().equals(stored.site())) {
                put.add(stored.site());
            }
        });
        List<String> removed = new ArrayList<>();
        before.sites().keySet().forEach(url -> {
            if (!after.sites().containsKey(url)) {
                removed.add(url);
            }
        });
        return new InventoryChanged(after.version(), put, removed);
    }

    private record Stored(InventoryStore.Row row, Site site) {}

    private static final class Loaded {
        private final Map<String, Stored> sites;
        private final long version;
        private @Nullable List<Site> list;

        Loaded(Map<String, Stored> sites, long version) {
            this.sites = Collections.unmodifiableMap(sites);
            this.version = version;
        }

        Map<String, Stored> sites() {
            return sites;
        }

        long version() {
            return version;
        }

        /** Built on first use; a race builds it twice, equal. */
        List<Site> list() {
            List<Site> built = list;
            if (built == null) {
                built = sites.values().stream().map(Stored::site).toList();
                list = built;
            }
            return Objects.requireNonNull(built);
        }
    }
}
