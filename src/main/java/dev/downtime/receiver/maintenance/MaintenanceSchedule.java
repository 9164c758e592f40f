package dev.downtime.receiver.maintenance;

import dev.downtime.receiver.maintenance.recurrence.Recurrence;
import dev.downtime.receiver.maintenance.recurrence.RecurrenceEvaluationException;
import dev.downtime.receiver.maintenance.recurrence.RecurringSchedule;
import dev.downtime.receiver.site.SiteUrl;
import dev.downtime.receiver.sites.Inventory;
import dev.downtime.receiver.sites.InventoryChanged;
import dev.downtime.receiver.sites.Labels;
import dev.downtime.receiver.sites.Selector;
import dev.downtime.receiver.sites.SelectorIndex;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
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
 *
 * <p>A recurring window is held as its occurrences over a horizon: those overlapping {@code [t,
 * t + max-promise + 2 × }{@link #EXPAND_EVERY}{@code )} when loaded at {@code t}, expanded again
 * every {@link #EXPAND_EVERY} by the periodic refresh, so that every answer (at most max-promise
 * ahead) finds the occurrences it may chain, with an hour to spare should one expansion fail.
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

    /** How often the occurrences of recurring windows are expanded again over the horizon. */
    static final Duration EXPAND_EVERY = Duration.ofHours(1);

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

    private volatile Loaded current =
            new Loaded(MaintenanceIndex.EMPTY, -1, Instant.EPOCH, Source.NONE, Instant.EPOCH, false);

    /** Schedules built from stored recurrences, kept across loads: building one walks the rule. */
    private volatile Map<Recurrence, RecurringSchedule> schedules = Map.of();

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

    /**
     * The windows (and occurrences) matching a site that can matter at {@code at}, past or future:
     * from memory when it holds every window that can, else from PostgreSQL, expanded the same way.
     * A window ended since {@code at} is read as it is now, ended.
     */
    public List<ScheduledWindow> matchingAt(SiteUrl url, @Nullable String hostSlug, Instant at) {
        Loaded loaded = current;
        if (loaded.source() == Source.DATABASE
                && !at.isBefore(loaded.expandedAt())
                && !at.plus(maxPromise()).isAfter(loaded.expandedAt().plus(horizon()))) {
            return matching(url, hostSlug);
        }
        List<ScheduledWindow> windows =
                snapshotTransaction.execute(status -> windowsBetween(at, at.plus(maxPromise()), false));
        MaintenanceIndex index = MaintenanceIndex.build(windows == null ? List.of() : windows);
        List<ScheduledWindow> found = index.matching(url, hostSlug);
        // Selector windows outside memory: judged by the site's labels in the inventory now.
        Labels labels = inventory.labelsOf(url.value());
        index.selectorWindows().values().forEach(occurrences -> {
            if (Selector.parse(occurrences[0].target()).matches(labels)) {
                found.addAll(Arrays.asList(occurrences));
            }
        });
        return found;
    }

    /** The furthest ahead an answer may promise ({@code receiver.maintenance.max-promise}). */
    public Duration maxPromise() {
        return properties.promiseCap();
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
                                        Source.SNAPSHOT,
                                        saved.loadedAt(),
                                        false));
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
            loaded.index().selectorWindows().forEach((id, occurrences) -> {
                String target = occurrences[0].target();
                Selector known = indexedSelectors.get(id);
                windows.put(id, known != null && known.canonical().equals(target) ? known : Selector.parse(target));
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
        boolean expansionDue =
                known.recurring() && !now.isBefore(known.expandedAt().plus(EXPAND_EVERY));
        if (version == known.version() && known.source() == Source.DATABASE && !expansionDue) {
            return new Loaded(known.index(), version, now, Source.DATABASE, known.expandedAt(), known.recurring());
        }
        Map<Recurrence, RecurringSchedule> before = schedules;
        Map<Recurrence, RecurringSchedule> built = new HashMap<>();
        List<ScheduledWindow> windows = windowsBetween(now, now.plus(horizon()), true, before, built);
        schedules = Map.copyOf(built);
        snapshot.save(windows, now);
        return new Loaded(MaintenanceIndex.build(windows), version, now, Source.DATABASE, now, !built.isEmpty());
    }

    /** How far ahead occurrences are expanded into memory. */
    private Duration horizon() {
        return maxPromise().plus(EXPAND_EVERY.multipliedBy(2));
    }

    private List<ScheduledWindow> windowsBetween(Instant from, Instant to, boolean everyLaterOneOff) {
        return windowsBetween(from, to, everyLaterOneOff, schedules, new HashMap<>());
    }

    /**
     * The windows that can matter from {@code from} on, recurring ones as their occurrences
     * overlapping {@code [from, to)}.
     *
     * @param everyLaterOneOff whether one-off windows starting at or after {@code to} count too (the
     *     index holds them all: their number does not grow with time)
     */
    private List<ScheduledWindow> windowsBetween(
            Instant from,
            Instant to,
            boolean everyLaterOneOff,
            Map<Recurrence, RecurringSchedule> known,
            Map<Recurrence, RecurringSchedule> built) {
        List<ScheduledWindow> windows = new ArrayList<>();
        jdbc.sql("""
                        SELECT id, scope, target, starts_at, least(ends_at, ended_at) AS effective_end, reason,
                               rrule, time_zone, start_local, duration_seconds, ends_from,
                               CASE WHEN rrule IS NOT NULL THEN ARRAY(
                                   SELECT to_char(local_start, 'YYYY-MM-DD"T"HH24:MI:SS')
                                     FROM maintenance_window_skip s WHERE s.window_id = w.id) END AS skipped,
                               CASE WHEN rrule IS NOT NULL THEN ARRAY(
                                   SELECT to_char(local_start, 'YYYY-MM-DD"T"HH24:MI:SS') || ' '
                                          || to_char(ended_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')
                                     FROM maintenance_window_early_end e WHERE e.window_id = w.id) END AS ended_early
                          FROM maintenance_window w
                         WHERE least(ends_at, ended_at) > :from
                           AND least(ends_at, ended_at) > starts_at
                           AND (starts_at < :to OR (:everyLater AND rrule IS NULL))
                        """)
                .param("from", OffsetDateTime.ofInstant(from, ZoneOffset.UTC))
                .param("to", OffsetDateTime.ofInstant(to, ZoneOffset.UTC))
                .param("everyLater", everyLaterOneOff)
                .query(rs -> {
                    UUID id = rs.getObject("id", UUID.class);
                    WindowScope scope = WindowScope.fromWireName(rs.getString("scope"));
                    String target = rs.getString("target");
                    Instant startsAt =
                            rs.getObject("starts_at", OffsetDateTime.class).toInstant();
                    Instant end =
                            rs.getObject("effective_end", OffsetDateTime.class).toInstant();
                    String reason = rs.getString("reason");
                    String rrule = rs.getString("rrule");
                    if (rrule == null) {
                        windows.add(new ScheduledWindow(id, scope, target, startsAt, end, reason));
                        return;
                    }
                    try {
                        OffsetDateTime endsFrom = rs.getObject("ends_from", OffsetDateTime.class);
                        Recurrence recurrence = new Recurrence(
                                rrule,
                                ZoneId.of(rs.getString("time_zone")),
                                rs.getObject("start_local", LocalDateTime.class),
                                Duration.ofSeconds(rs.getLong("duration_seconds")),
                                Arrays.stream((String[]) rs.getArray("skipped").getArray())
                                        .map(LocalDateTime::parse)
                                        .toList(),
                                endsFrom == null ? null : endsFrom.toInstant(),
                                Arrays.stream((String[])
                                                rs.getArray("ended_early").getArray())
                                        .map(MaintenanceSchedule::earlyEnd)
                                        .toList());
                        RecurringSchedule schedule = known.get(recurrence);
                        if (schedule == null) {
                            schedule = RecurringSchedule.of(recurrence);
                        }
                        built.put(recurrence, schedule);
                        windows.addAll(
                                WindowExpansion.between(id, scope, target, startsAt, end, reason, schedule, from, to));
                    } catch (IllegalArgumentException | RecurrenceEvaluationException | DateTimeException e) {
                        // One window that cannot be evaluated (its zone gone with new tzdata) must
                        // not take the others with it.
                        log.warn("Leaving out recurring maintenance window {}: {}", id, e.toString());
                    }
                });
        return windows;
    }

    /** An early end as the load query writes it: the local start, a space, the instant. */
    private static Recurrence.EarlyEnd earlyEnd(String text) {
        int space = text.indexOf(' ');
        return new Recurrence.EarlyEnd(
                LocalDateTime.parse(text.substring(0, space)), Instant.parse(text.substring(space + 1)));
    }

    /**
     * @param expandedAt when the windows were read and recurring ones expanded
     * @param recurring whether any window recurs (only then does time alone call for a new load)
     */
    private record Loaded(
            MaintenanceIndex index,
            long version,
            Instant verifiedAt,
            Source source,
            Instant expandedAt,
            boolean recurring) {}
}
