package dev.downtime.receiver.alerts;

import dev.downtime.receiver.alerts.AlertMessage.IncidentSummary;
import dev.downtime.receiver.incidents.IncidentView;
import dev.downtime.receiver.incidents.Incidents;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Sends due alerts from the outbox, each on its channel, and records the outcome: delivered, or
 * retried later with exponential backoff, or given up after the last attempt.
 *
 * <p>No database transaction or connection is held while talking to the network: due alerts are
 * claimed in a short transaction ({@code SKIP LOCKED}, so several instances share the work, and
 * {@code next_attempt_at} pushed forward as a lease, so nobody else takes them meanwhile), each is
 * sent on its own virtual thread (abandoned if still running after twice {@code send-timeout}, the
 * channels' own timeouts having failed to end it), and its outcome written by one
 * statement that only counts if the alert is still as claimed. Each channel has its own few slots:
 * a channel that hangs holds only those, never the deliveries of the others.
 */
@Component
class AlertDispatcher implements SmartLifecycle {

    /** The log context of what is logged while an alert about an incident is sent. */
    static final String MDC_INCIDENT = "incident.id";

    private static final Logger log = LoggerFactory.getLogger(AlertDispatcher.class);

    /** Deliveries in flight at most per channel, on this instance. */
    static final int PER_CHANNEL = 8;

    /** Beyond the longest attempt, before a claimed alert is free again (its instance died mid-send). */
    private static final Duration LEASE_MARGIN = Duration.ofMinutes(1);

    private final JdbcClient jdbc;
    private final TransactionTemplate transaction;
    private final Incidents incidents;
    private final Map<String, AlertChannel> channels;
    private final Map<String, Semaphore> slots;
    private final AlertsProperties properties;
    private final Clock clock;
    /** Outcomes of delivery attempts on this instance, for the metrics ({@code AlertMetrics}). */
    final AtomicLong delivered = new AtomicLong();

    final AtomicLong failed = new AtomicLong();
    final AtomicLong givenUp = new AtomicLong();

    private volatile ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private volatile boolean running;

    AlertDispatcher(
            JdbcClient jdbc,
            TransactionTemplate transaction,
            Incidents incidents,
            List<AlertChannel> channels,
            AlertsProperties properties,
            Clock clock) {
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.incidents = incidents;
        this.channels = channels.stream().collect(Collectors.toMap(AlertChannel::name, Function.identity()));
        this.slots =
                channels.stream().collect(Collectors.toMap(AlertChannel::name, channel -> new Semaphore(PER_CHANNEL)));
        this.properties = properties;
        this.clock = clock;
    }

    /** Starts deliveries until none is due or no slot is free. */
    void dispatchAll() {
        while (dispatch() > 0) {
            // more may be due, and slots may be free
        }
    }

    boolean hasChannels() {
        return !channels.isEmpty();
    }

    /**
     * Claims due alerts, as many per channel as it has free slots, and starts sending each. Alerts
     * of a channel this instance does not have wait for an instance that has it.
     *
     * @return how many deliveries were started
     */
    int dispatch() {
        if (!running) {
            return 0;
        }
        int started = 0;
        for (Map.Entry<String, Semaphore> channel : slots.entrySet()) {
            Semaphore free = channel.getValue();
            int limit = free.availablePermits();
            // Slots taken before claiming, so that a claimed alert always counts as in flight.
            if (limit == 0 || !free.tryAcquire(limit)) {
                continue;
            }
            List<Due> due;
            try {
                due = transaction.execute(status -> claim(channel.getKey(), limit));
            } catch (RuntimeException e) {
                free.release(limit);
                throw e;
            }
            due = due == null ? List.of() : due;
            free.release(limit - due.size());
            for (Due alert : due) {
                try {
                    executor.execute(() -> {
                        try (var logged = MDC.putCloseable(
                                MDC_INCIDENT, alert.message().incident().id().toString())) {
                            attempt(alert);
                        } catch (RuntimeException e) {
                            log.warn(
                                    "Could not record alert {}: {}",
                                    alert.message().id(),
                                    e.toString());
                        } finally {
                            free.release();
                        }
                    });
                } catch (RejectedExecutionException stopping) {
                    free.release(); // the lease runs out and the alert is tried again
                }
                started++;
            }
        }
        return started;
    }

    private List<Due> claim(String channel, int limit) {
        Instant now = clock.instant();
        // A recovery on a channel that was never told of the outage (its alerts all given up)
        // would only confuse: it is given up too, saying why.
        jdbc.sql("""
                        UPDATE alert a
                           SET status = 'failed', next_attempt_at = NULL,
                               last_error = 'not sent: the alerts of this outage on this channel were given up'
                         WHERE a.status = 'pending' AND a.channel = :channel AND a.transition = 'recovered'
                           AND EXISTS (SELECT 1 FROM alert e
                                        WHERE e.incident_id = a.incident_id AND e.channel = a.channel
                                          AND e.transition <> 'recovered' AND e.status = 'failed')
                           AND NOT EXISTS (SELECT 1 FROM alert e
                                            WHERE e.incident_id = a.incident_id AND e.channel = a.channel
                                              AND e.transition <> 'recovered' AND e.status <> 'failed')
                        """).param("channel", channel).update();
        List<Claimed> claimed = jdbc.sql("""
                        SELECT a.id, a.incident_id, a.transition, a.channel, a.attempts, a.created_at
                          FROM alert a
                         WHERE a.status = 'pending' AND a.channel = :channel AND a.next_attempt_at <= :now
                           -- In the order things happened: "recovered" must not overtake an "opened"
                           -- that is still being retried on the same channel.
                           AND NOT EXISTS (SELECT 1 FROM alert e
                                            WHERE e.incident_id = a.incident_id AND e.channel = a.channel
                                              AND e.status = 'pending'
                                              AND CASE e.transition WHEN 'opened' THEN 0 WHEN 'maintenance-overran' THEN 1 ELSE 2 END
                                                < CASE a.transition WHEN 'opened' THEN 0 WHEN 'maintenance-overran' THEN 1 ELSE 2 END)
                         ORDER BY a.next_attempt_at
                         LIMIT :limit
                           FOR UPDATE OF a SKIP LOCKED
                        """)
                .param("channel", channel)
                .param("now", utc(now))
                .param("limit", limit)
                .query((rs, row) -> new Claimed(
                        rs.getObject("id", UUID.class),
                        rs.getObject("incident_id", UUID.class),
                        rs.getString("transition"),
                        rs.getString("channel"),
                        rs.getInt("attempts"),
                        rs.getObject("created_at", OffsetDateTime.class).toInstant()))
                .list();
        // What the message says of the incident is read through incidents, as it stands now.
        Map<UUID, IncidentView> incidentsNow =
                incidents.find(claimed.stream().map(Claimed::incident).toList());
        List<Due> due = new ArrayList<>();
        List<UUID> gone = new ArrayList<>();
        for (Claimed alert : claimed) {
            IncidentView incident = incidentsNow.get(alert.incident());
            if (incident == null) {
                gone.add(alert.id());
            } else {
                due.add(alert.due(incident));
            }
        }
        if (!gone.isEmpty()) {
            jdbc.sql("""
                            UPDATE alert SET status = 'failed', next_attempt_at = NULL,
                                             last_error = 'not sent: the incident no longer exists'
                             WHERE id = ANY (:ids)
                            """).param("ids", gone.toArray(UUID[]::new)).update();
        }
        if (!due.isEmpty()) {
            jdbc.sql("UPDATE alert SET next_attempt_at = :leaseEnd WHERE id = ANY (:ids)")
                    .param("leaseEnd", utc(now.plus(abandonAfter()).plus(LEASE_MARGIN)))
                    .param("ids", due.stream().map(d -> d.message().id()).toArray(UUID[]::new))
                    .update();
        }
        return due;
    }

    /** Sends one alert, outside any transaction, and records the outcome. */
    private void attempt(Due alert) {
        // Alerts are claimed per configured channel (see claim), so the channel is there.
        AlertChannel channel = Objects.requireNonNull(channels.get(alert.channel()), alert.channel());
        // The channel's own thread logs in the same context (incident.id) as this one.
        Map<String, String> context = MDC.getCopyOfContextMap();
        FutureTask<Void> send = new FutureTask<>(() -> {
            if (context != null) {
                MDC.setContextMap(context);
            }
            channel.deliver(alert.message());
            return null;
        });
        Thread.ofVirtual().name("alert-" + alert.channel()).start(send);
        Exception failure;
        try {
            send.get(abandonAfter().toNanos(), TimeUnit.NANOSECONDS);
            failure = null;
        } catch (TimeoutException e) {
            // Interrupting a virtual thread blocked on a socket closes the socket.
            send.cancel(true);
            failure = new TimeoutException("delivery still running after " + abandonAfter());
        } catch (ExecutionException e) {
            failure = e.getCause() instanceof Exception cause ? cause : e;
        } catch (InterruptedException e) {
            send.cancel(true);
            Thread.currentThread().interrupt();
            return; // shutting down: the lease runs out and the alert is tried again
        }
        record(alert, failure);
    }

    /**
     * Each step of a delivery (connect, each answer, each write) is bounded by the send timeout;
     * an HTTP delivery takes two steps at most; a mail exchange may take a few.
     */
    private Duration abandonAfter() {
        return properties.sendTimeout().multipliedBy(2);
    }

    private void record(Due alert, @Nullable Exception failure) {
        Instant now = clock.instant();
        int attempts = alert.attempts() + 1;
        // Counts only if the alert is still as claimed: nobody took it over after its lease ran out.
        String stillClaimed = " WHERE id = :id AND status = 'pending' AND attempts = :claimedAttempts";
        if (failure == null) {
            jdbc.sql("UPDATE alert SET status = 'delivered', attempts = :attempts, delivered_at = :now,"
                            + " next_attempt_at = NULL, last_error = NULL" + stillClaimed)
                    .param("attempts", attempts)
                    .param("now", utc(now))
                    .param("id", alert.message().id())
                    .param("claimedAttempts", alert.attempts())
                    .update();
            delivered.incrementAndGet();
            return;
        }
        boolean giveUp = attempts >= properties.maxAttempts();
        (giveUp ? givenUp : failed).incrementAndGet();
        Instant next = now.plus(properties.backoffAfter(attempts));
        log.warn(
                "Alert {} on {} failed (attempt {}){}: {}",
                alert.message().id(),
                alert.channel(),
                attempts,
                giveUp ? ", giving up" : ", retrying at " + next,
                failure.toString());
        jdbc.sql("UPDATE alert SET status = :status, attempts = :attempts, next_attempt_at = :next,"
                        + " last_error = :error" + stillClaimed)
                .param("status", giveUp ? "failed" : "pending")
                .param("attempts", attempts)
                .param("next", giveUp ? null : utc(next), java.sql.Types.TIMESTAMP_WITH_TIMEZONE)
                .param("error", truncate(failure.toString()))
                .param("id", alert.message().id())
                .param("claimedAttempts", alert.attempts())
                .update();
    }

    /** Deliveries started and not yet recorded, on this instance. */
    int inFlight() {
        return slots.values().stream()
                .mapToInt(free -> PER_CHANNEL - free.availablePermits())
                .sum();
    }

    @Override
    public void start() {
        if (executor.isShutdown()) {
            executor = Executors.newVirtualThreadPerTaskExecutor(); // started again after a stop
        }
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        executor.shutdownNow();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private static String truncate(String text) {
        return text.length() <= 500 ? text : text.substring(0, 500);
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    private record Due(AlertMessage message, String channel, int attempts) {}

    /** An alert claimed for delivery, before its incident is known. */
    private record Claimed(UUID id, UUID incident, String transition, String channel, int attempts, Instant createdAt) {

        Due due(IncidentView incident) {
            IncidentSummary summary = new IncidentSummary(
                    incident.id(),
                    incident.url(),
                    incident.host(),
                    incident.openedAt(),
                    incident.closedAt(),
                    incident.notificationCount(),
                    incident.firstCode(),
                    incident.worstCode(),
                    incident.lastCode(),
                    incident.covered(),
                    incident.coveringWindowIds(),
                    incident.maintenanceOverranAt(),
                    incident.verdict());
            return new Due(new AlertMessage(id, "incident." + transition, createdAt, summary), channel, attempts);
        }
    }
}
