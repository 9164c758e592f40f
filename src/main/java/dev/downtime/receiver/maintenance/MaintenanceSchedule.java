package dev.downtime.receiver.maintenance;

import dev.downtime.receiver.site.SiteUrl;
import dev.downtime.receiver.sites.Inventory;
import dev.downtime.receiver.sites.InventoryChanged;
import dev.downtime.receiver.sites.Selector;
import dev.downtime.receiver.sites.SelectorIndex;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The maintenance windows that can still matter, held in memory so the webhook never waits on the
 * database. Loaded before the server accepts requests, reloaded after each change committed here,
 * and checked against PostgreSQL every {@code receiver.maintenance.refresh-interval} so that
 * changes made through other instances apply too. When PostgreSQL is down at start-up, the
 * windows come from the last snapshot saved on disk, or there are none until it is back.
 */
@Component
public class MaintenanceSchedule implements SmartInitializingSingleton {

    /** Where the windows in memory came from. */
    public enum Source {
        /** Nothing loaded yet: every notification is answered {@code ok}. */
        NONE,
        SNAPSHOT,
        DATABASE
    }

    private static final Logger log = LoggerFactory.getLogger(MaintenanceSchedule.class);

    private final JdbcClient jdbc;
    private final TransactionTemplate snapshotTransaction;
    private final Clock clock;
    private final MaintenanceProperties properties;
    private final WindowSnapshot snapshot;
    private final ReentrantLock loading = new ReentrantLock();
    private final Inventory inventory;

    /**
     * Inventory site to the selector windows covering it, kept in step with the windows (each
     * load) and the inventory ({@link InventoryChanged}), so that a decision is one hash lookup.
     */
    private final SelectorIndex<UUID> selectors = new SelectorIndex<>();

    /** Guards the two below: what the selector index was last synchronized with. */
    private final Object syncing = new Object();

    private long inventoryVersion = -1;
    private Map<UUID, Selector> indexedSelectors = Map.of();

    private volatile Loaded current = new Loaded(MaintenanceIndex.EMPTY, -1, Instant.EPOCH, Source.NONE);

    MaintenanceSchedule(
            JdbcClient jdbc,
            PlatformTransactionManager transactionManager,
            Clock clock,
            MaintenanceProperties properties,
            WindowSnapshot snapshot,
            Inventory inventory,
            MeterRegistry meters) {
        this.jdbc = jdbc;
        this.snapshotTransaction = new TransactionTemplate(transactionManager);
        // The version and the windows must come from the same snapshot of the database.
        snapshotTransaction.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
        snapshotTransaction.setReadOnly(true);
        this.clock = clock;
        this.properties = properties;
        this.snapshot = snapshot;
        this.inventory = inventory;
        Gauge.builder("receiver.maintenance.index.size", this, MaintenanceSchedule::size)
                .description("Maintenance windows held in memory")
                .register(meters);
        Gauge.builder("receiver.maintenance.index.age", this, s -> s.age().toMillis() / 1000.0)
                .description("Seconds since the in-memory windows were last confirmed against PostgreSQL")
                .baseUnit("seconds")
                .register(meters);
    }

    /** The windows matching a site, whatever their state at the moment: selector windows too. */
    public List<ScheduledWindow> matching(SiteUrl url, @Nullable String hostSlug) {
        return current.index().matching(url, hostSlug, selectors);
    }

    /**
     * What a selector matches in the inventory now: how many sites, and the first {@code limit}
     * URLs in order.
     */
    SelectorIndex.Matches sitesMatching(Selector selector, int limit) {
        return selectors.sitesMatching(selector, limit);
    }

    /** Follows the inventory as it changes: only the sites that changed are matched again. */
    @EventListener
    void onInventoryChange(InventoryChanged change) {
        synchronized (syncing) {
            if (change.version() <= inventoryVersion) {
                return;
            }
            change.put().forEach(selectors::putSite);
            change.removed().forEach(selectors::removeSite);
            inventoryVersion = change.version();
        }
    }

    /** How many windows are in memory now. */
    public int size() {
        return current.index().size();
    }

    public Source source() {
        return current.source();
    }

    /** How long since the windows in memory were last confirmed to match PostgreSQL. */
    public Duration age() {
        return Duration.between(current.verifiedAt(), clock.instant());
    }

    @Override
    public void afterSingletonsInstantiated() {
        try {
            refresh();
        } catch (RuntimeException e) {
            log.warn("Could not load maintenance windows from PostgreSQL at start-up: {}", e.toString());
            snapshot.load()
                    .ifPresentOrElse(
                            saved -> {
                                install(new Loaded(
                                        MaintenanceIndex.build(saved.windows()),
                                        -1,
                                        saved.loadedAt(),
                                        Source.SNAPSHOT));
                                log.warn(
                                        "Answering from the snapshot of {} maintenance windows loaded at {}",
                                        saved.windows().size(),
                                        saved.loadedAt());
                            },
                            () -> log.warn("No window snapshot either: answering ok to every notification until"
                                    + " PostgreSQL is back"));
        }
    }

    /**
     * After the change's transaction has ended: a reload after a rollback finds nothing new. Not
     * after commit, on purpose: Modulith's registry stores a publication for every after-commit
     * listener, and a reload of memory needs none (the periodic refresh is the safety net).
     */
    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMPLETION)
    void onChange(WindowsChanged change) {
        refresh();
    }

    /**
     * Reloads the windows if PostgreSQL holds a newer version of the schedule than memory. When it
     * fails, the windows in memory stay, and answers still come from them.
     */
    public void refresh() {
        loading.lock();
        try {
            Instant now = clock.instant();
            Loaded loaded = snapshotTransaction.execute(status -> load(now, current));
            if (loaded != null) {
                if (loaded.version() != current.version()) {
                    log.debug(
                            "Loaded {} maintenance windows (schedule version {})",
                            loaded.index().size(),
                            loaded.version());
                }
                install(loaded);
            }
        } finally {
            loading.unlock();
        }
    }

    /**
     * Swaps in the windows, then brings the selector index in step: a window new to the index is
     * found in memory by then, a window gone from memory is skipped until the index drops it too.
     * The inventory is caught up here as well, in case one of its events came before this bean
     * listened.
     */
    private void install(Loaded loaded) {
        current = loaded;
        synchronized (syncing) {
            Map<UUID, Selector> windows = new HashMap<>();
            loaded.index().selectorWindows().forEach((id, window) -> {
                Selector known = indexedSelectors.get(id);
                windows.put(
                        id,
                        known != null && known.canonical().equals(window.target())
                                ? known
                                : Selector.parse(window.target()));
            });
            selectors.syncWindows(windows);
            indexedSelectors = windows;
            Inventory.Snapshot sites = inventory.snapshot();
            if (sites.version() != inventoryVersion) {
                selectors.syncSites(sites.sites());
                inventoryVersion = sites.version();
            }
        }
    }

    private Loaded load(Instant now, Loaded known) {
        long version = jdbc.sql("SELECT version FROM maintenance_schedule_version")
                .query(Long.class)
                .single();
        if (version == known.version() && known.source() == Source.DATABASE) {
            return new Loaded(known.index(), version, now, Source.DATABASE);
        }
        List<ScheduledWindow> windows = jdbc.sql("""
                        SELECT id, scope, target, starts_at, least(ends_at, ended_at) AS effective_end, reason
                          FROM maintenance_window
                         WHERE least(ends_at, ended_at) > :now
                           AND least(ends_at, ended_at) > starts_at
                        """)
                .param("now", OffsetDateTime.ofInstant(now, ZoneOffset.UTC))
                .query((rs, row) -> new ScheduledWindow(
                        rs.getObject("id", UUID.class),
                        WindowScope.fromWireName(rs.getString("scope")),
                        rs.getString("target"),
                        rs.getObject("starts_at", OffsetDateTime.class).toInstant(),
                        rs.getObject("effective_end", OffsetDateTime.class).toInstant(),
                        rs.getString("reason")))
                .list();
        snapshot.save(windows, now);
        return new Loaded(MaintenanceIndex.build(windows), version, now, Source.DATABASE);
    }

    private record Loaded(MaintenanceIndex index, long version, Instant verifiedAt, Source source) {}
}
