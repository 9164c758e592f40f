package dev.downtime.receiver.maintenance;

import dev.downtime.receiver.site.SiteUrl;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The maintenance windows that can still matter, held in memory so the webhook never waits on the
 * database. Loaded before the server accepts requests, reloaded after each change committed here,
 * and checked against PostgreSQL every {@code receiver.maintenance.refresh-interval} so that
 * changes made through other instances apply too.
 */
@Component
public class MaintenanceSchedule implements SmartInitializingSingleton, SchedulingConfigurer {

    private static final Logger log = LoggerFactory.getLogger(MaintenanceSchedule.class);

    private final JdbcClient jdbc;
    private final TransactionTemplate snapshotTransaction;
    private final Clock clock;
    private final MaintenanceProperties properties;
    private final ReentrantLock loading = new ReentrantLock();

    private volatile Snapshot current = new Snapshot(MaintenanceIndex.EMPTY, -1, Instant.EPOCH);

    MaintenanceSchedule(
            JdbcClient jdbc,
            PlatformTransactionManager transactionManager,
            Clock clock,
            MaintenanceProperties properties) {
        this.jdbc = jdbc;
        this.snapshotTransaction = new TransactionTemplate(transactionManager);
        // The version and the windows must come from the same snapshot of the database.
        snapshotTransaction.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
        snapshotTransaction.setReadOnly(true);
        this.clock = clock;
        this.properties = properties;
    }

    /** The windows matching a site, whatever their state at the moment. */
    public List<ScheduledWindow> matching(SiteUrl url, @Nullable String hostSlug) {
        return current.index().matching(url, hostSlug);
    }

    /** How many windows are in memory now. */
    public int size() {
        return current.index().size();
    }

    /** When the index was last confirmed to match PostgreSQL. */
    public Instant verifiedAt() {
        return current.verifiedAt();
    }

    @Override
    public void afterSingletonsInstantiated() {
        refresh();
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar registrar) {
        registrar.addFixedDelayTask(this::refreshQuietly, properties.refreshInterval());
    }

    @TransactionalEventListener
    void onChange(MaintenanceWindowsChanged change) {
        refresh();
    }

    /** Reloads the index if PostgreSQL holds a newer version of the schedule than memory. */
    public void refresh() {
        loading.lock();
        try {
            Instant now = clock.instant();
            Snapshot loaded = snapshotTransaction.execute(status -> load(now, current.version()));
            if (loaded != null) {
                if (loaded.version() != current.version()) {
                    log.debug(
                            "Loaded {} maintenance windows (schedule version {})",
                            loaded.index().size(),
                            loaded.version());
                }
                current = loaded;
            }
        } finally {
            loading.unlock();
        }
    }

    private void refreshQuietly() {
        try {
            refresh();
        } catch (RuntimeException e) {
            // Keep answering from the last index; the next tick tries again.
            log.warn("Could not refresh maintenance windows from PostgreSQL: {}", e.toString());
        }
    }

    private Snapshot load(Instant now, long knownVersion) {
        long version = jdbc.sql("SELECT version FROM maintenance_schedule_version")
                .query(Long.class)
                .single();
        if (version == knownVersion) {
            return new Snapshot(current.index(), version, now);
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
        return new Snapshot(MaintenanceIndex.build(windows), version, now);
    }

    private record Snapshot(MaintenanceIndex index, long version, Instant verifiedAt) {}
}
