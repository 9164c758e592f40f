package dev.downtime.receiver.notifications;

import dev.downtime.receiver.database.DatabaseAvailability;
import dev.downtime.receiver.database.DatabaseFailure;
import dev.downtime.receiver.database.Purged;
import dev.downtime.receiver.database.ReservedConnections;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.data.domain.PageRequest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Keeps every accepted notification: committed to PostgreSQL in groups by one writer, or, when
 * PostgreSQL cannot take it within {@code receiver.notifications.commit-timeout}, appended to the
 * local spool, from which it is replayed later. Either way it is durable before the caller
 * answers Monitor. A notification PostgreSQL refuses for what it holds (see {@link
 * DatabaseFailure#REFUSED_VALUES}) is set aside in the quarantine instead, alone: the others of
 * its batch are committed, and the database is not taken for down.
 */
@Service
public class NotificationLog implements SmartLifecycle {

    /**
     * What became of a notification.
     *
     * @param firstReply when Monitor sent the same check before, the reply given then
     */
    public record Recorded(Outcome outcome, @Nullable String firstReply) {}

    /** Where a notification was kept. */
    public enum Outcome {
        COMMITTED,
        SPOOLED,
        /**
         * PostgreSQL refused the row for what it holds: it is kept in the quarantine (or the
         * dead-letter file) with the reason, not in the log, and is answered as usual. It is never
         * retried, so it holds up nothing.
         */
        QUARANTINED,
        /** Not kept: the database could not take it and the spool was full. */
        DROPPED
    }

    private static final Logger log = LoggerFactory.getLogger(NotificationLog.class);

    private final NotificationInserter inserter;
    private final NotificationSearch search;
    private final JdbcClient jdbc;
    private final NotificationQuarantine quarantine;
    private final NotificationSpool spool;
    private final DatabaseAvailability database;
    private final NotificationsProperties properties;
    // Made on start and closed on stop: a context may be stopped and started again.
    private volatile @Nullable BatchWorker<Pending> writer;
    private volatile @Nullable Deadlines deadlines;
    private final DistributionSummary batchSize;
    private final Timer commitLatency;
    private final Counter committed;
    private final Counter spooled;
    private final Counter quarantined;
    private volatile boolean running;

    NotificationLog(
            NotificationInserter inserter,
            NotificationSearch search,
            JdbcClient jdbc,
            NotificationQuarantine quarantine,
            NotificationSpool spool,
            DatabaseAvailability database,
            NotificationsProperties properties,
            MeterRegistry meters) {
        this.inserter = inserter;
        this.search = search;
        this.jdbc = jdbc;
        this.quarantine = quarantine;
        this.spool = spool;
        this.database = database;
        this.properties = properties;
        this.batchSize = DistributionSummary.builder("receiver.notifications.batch.size")
                .description("Notifications committed per transaction")
                .register(meters);
        this.commitLatency = Timer.builder("receiver.notifications.commit.latency")
                .description("Time to commit one batch of notifications")
                .publishPercentiles(0.5, 0.99)
                .register(meters);
        this.committed = stored(meters, "committed");
        this.spooled = stored(meters, "spooled");
        this.quarantined = stored(meters, "quarantined");
        FunctionCounter.builder("receiver.notifications.dropped", spool, NotificationSpool::dropped)
                .description("Notifications answered but not kept: database unavailable and spool full")
                .register(meters);
        Gauge.builder("receiver.spool.depth", spool, NotificationSpool::depth)
                .description("Notifications in the local spool waiting to be replayed")
                .register(meters);
    }

    /**
     * Keeps the notification and returns once it is durable: committed, or spooled when the
     * database does not commit it in time, or quarantined when PostgreSQL refuses it for what it
     * holds. Never waits on the database longer than the bound. A check Monitor already sent is
     * stored once, and the reply given then is returned.
     */
    public Recorded record(ReceivedNotification notification) {
        NotificationRecord row = NotificationRecord.of(NotificationIds.next(notification.receivedAt()), notification);
        if (database.available()) {
            try {
                Pending pending = new Pending(row);
                // Failed by the deadlines at the bound: no timer per request (see Deadlines).
                BatchWorker<Pending> currentWriter = writer;
                Deadlines currentDeadlines = deadlines;
                if (currentWriter == null || currentDeadlines == null) {
                    throw new RejectedExecutionException("not started");
                }
                currentDeadlines.bound(currentWriter.submit(pending)).get();
                if (pending.quarantined) {
                    quarantined.increment();
                    return new Recorded(Outcome.QUARANTINED, null);
                }
                committed.increment();
                return new Recorded(Outcome.COMMITTED, pending.firstReply);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof TimeoutException) {
                    // Done now, so skipped if its batch has not started; if it has and commits, the
                    // id keeps one row.
                    database.markUnavailable("a commit took longer than " + properties.commitTimeout());
                } else {
                    // Never a row's own fault (those are quarantined in the batch): PostgreSQL is
                    // down, or something no row is to blame for went wrong; either way the
                    // notification waits in the spool.
                    unavailable(e.getCause() == null ? e : e.getCause());
                }
            } catch (RejectedExecutionException e) {
                log.debug("Writer queue full or closing; spooling");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (spool.append(row)) {
            spooled.increment();
            return new Recorded(Outcome.SPOOLED, null);
        }
        return new Recorded(Outcome.DROPPED, null);
    }

    /**
     * The notifications of an incident of this URL, from its opening to its close (to now while it
     * is open), newest first, at most {@code limit}: those stored from the URL's own sites.
     */
    @Transactional(readOnly = true)
    public List<NotificationEntry> ofIncident(
            String normalizedUrl, Instant openedAt, @Nullable Instant closedAt, int limit) {
        return search.ofUrlBetween(normalizedUrl, openedAt, closedAt, limit).stream()
                .map(n -> new NotificationEntry(n.id(), n.receivedAt(), n.ts(), n.code(), n.reply()))
                .toList();
    }

    /** How far back {@link #reportedRecently} looks. */
    public static final Duration RECENTLY = Duration.ofDays(30);

    /** The most URLs {@link #reportedRecently} answers: a bound on one query's work and memory. */
    public static final int MAX_RECENT_URLS = 100_000;

    /**
     * The distinct URLs reported in the {@link #RECENTLY last 30 days} before {@code now}, most
     * recently reported first, at most {@value #MAX_RECENT_URLS}: for ops to compare with what they
     * know (the site inventory, a window's preview).
     */
    public List<ReportedUrl> reportedRecently(Instant now) {
        return search.reportedSince(now.minus(RECENTLY), MAX_RECENT_URLS);
    }

    /** The latest notifications received, newest first: what the console's Now page shows. */
    public List<RecentNotification> latest(int limit) {
        return search.find(
                        new NotificationSearch.NotificationFilter(null, null, null, null, null),
                        PageRequest.of(0, limit))
                .map(n -> new RecentNotification(n.id(), n.receivedAt(), n.rawUrl(), n.code(), n.reply()))
                .getContent();
    }

    /** Deletes the notifications received before {@code cutoff}, in batches; not in a transaction. */
    public Purged purgeOlderThan(Instant cutoff, int batchSize) {
        return Purged.inBatches(
                jdbc,
                "DELETE FROM notification WHERE id IN (SELECT id FROM notification WHERE received_at < :cutoff"
                        + " LIMIT :limit)",
                cutoff,
                batchSize);
    }

    /** When the newest notification stored was received; null when none is. */
    @Transactional(readOnly = true)
    public @Nullable Instant newestReceivedAt() {
        return jdbc.sql("SELECT max(received_at) FROM notification")
                .query(OffsetDateTime.class)
                .optional()
                .map(OffsetDateTime::toInstant)
                .orElse(null);
    }

    /** Notifications in the local spool waiting to be replayed into PostgreSQL. */
    public long spoolDepth() {
        return spool.depth();
    }

    /** Notifications answered but not kept since start: the database could not take them and the spool was full. */
    public long dropped() {
        return spool.dropped();
    }

    private void unavailable(Throwable failure) {
        DatabaseFailure kind = DatabaseFailure.of(failure);
        String reason = kind.name().toLowerCase(Locale.ROOT) + ", SQLSTATE " + DatabaseFailure.sqlState(failure) + ": "
                + DatabaseFailure.reason(failure);
        if (kind == DatabaseFailure.FAULT) {
            log.error("Could not commit notifications for a reason that is not the database being down: {}", reason);
        }
        database.markUnavailable(reason);
    }

    /**
     * Commits a batch; rows PostgreSQL refuses are quarantined, and their callers told so. Throws,
     * failing every caller of the batch, only when PostgreSQL is unavailable or fails for a reason
     * no row is to blame for: rows committed before that are skipped by id when spooled and replayed.
     */
    private void commit(List<Pending> batch) {
        long start = System.nanoTime();
        // Never behind the listeners and jobs for a connection: they can hold every shared one.
        NotificationInserter.Inserted inserted = ReservedConnections.run(() -> {
            NotificationInserter.Inserted done =
                    inserter.insert(batch.stream().map(p -> p.row).toList());
            quarantine.putRefused(done.refused(), NotificationQuarantine.Stage.COMMIT);
            return done;
        });
        commitLatency.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        batchSize.record(batch.size() - inserted.refused().size());
        Map<UUID, String> firstReplies = inserted.firstReplies();
        if (!firstReplies.isEmpty()) {
            batch.forEach(p -> p.firstReply = firstReplies.get(p.row.id()));
        }
        if (!inserted.refused().isEmpty()) {
            Set<UUID> refused =
                    inserted.refused().stream().map(r -> r.row().id()).collect(Collectors.toSet());
            batch.forEach(p -> p.quarantined = refused.contains(p.row.id()));
        }
    }

    /** A notification on its way to the writer, and what the writer learnt of it. */
    private static final class Pending {
        final NotificationRecord row;
        volatile @Nullable String firstReply;
        volatile boolean quarantined;

        Pending(NotificationRecord row) {
            this.row = row;
        }
    }

    /** Starts before the web server, stops after it: in-flight requests finish, then the writer drains. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 4096;
    }

    @Override
    public synchronized void start() {
        spool.open();
        writer = new BatchWorker<>(
                "notification-writer",
                properties.queueCapacity(),
                properties.batchSize(),
                properties.batchDelay(),
                this::commit);
        deadlines = new Deadlines("notification-commit-deadlines", properties.commitTimeout());
        running = true;
    }

    @Override
    public synchronized void stop() {
        try {
            BatchWorker<Pending> stopping = writer;
            writer = null;
            if (stopping != null) {
                stopping.close(Duration.ofSeconds(30));
            }
            if (deadlines != null) {
                deadlines.close();
                deadlines = null;
            }
            spool.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.io.IOException e) {
            log.warn("Could not close the spool cleanly: {}", e.toString());
        }
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private static Counter stored(MeterRegistry meters, String result) {
        return Counter.builder("receiver.notifications.stored")
                .description("Accepted notifications by where they were kept")
                .tag("result", result)
                .register(meters);
    }
}
