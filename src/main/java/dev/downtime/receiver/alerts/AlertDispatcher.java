package dev.downtime.receiver.alerts;

import dev.downtime.receiver.alerts.grouping.ChannelPacer;
import dev.downtime.receiver.alerts.grouping.DeliveryException;
import dev.downtime.receiver.alerts.grouping.GroupChannel;
import dev.downtime.receiver.alerts.grouping.GroupMessage;
import dev.downtime.receiver.alerts.grouping.GroupingEngine;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
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
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Sends due messages from the outbox, each on its channel at the channel's pace ({@link
 * ChannelPacer}), and records the outcome: delivered, or retried later with exponential backoff
 * (no sooner than a {@code 429} or {@code 503} answer's {@code Retry-After}), or given up after the
 * last attempt or at once when the endpoint refuses the message for good.
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
    static final String MDC_GROUP = "alert.group";

    private static final Logger log = LoggerFactory.getLogger(AlertDispatcher.class);

    /** Deliveries in flight at most per channel, on this instance. */
    static final int PER_CHANNEL = 8;

    /** Beyond the longest attempt, before a claimed alert is free again (its instance died mid-send). */
    private static final Duration LEASE_MARGIN = Duration.ofMinutes(1);

    private final JdbcClient jdbc;
    private final TransactionTemplate transaction;
    private final Map<String, GroupChannel> channels;
    private final ChannelPacer pacer;
    private final JsonMapper json;
    private final Map<String, Semaphore> slots;
    private final AlertsProperties properties;
    private final Clock clock;
    /** Attempts by channel and outcome: delivered, failed (to be retried), given up. */
    private final Map<String, Map<String, Counter>> attempts;

    private volatile ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private volatile boolean running;

    AlertDispatcher(
            JdbcClient jdbc,
            TransactionTemplate transaction,
            List<GroupChannel> channels,
            ChannelPacer pacer,
            JsonMapper json,
            AlertsProperties properties,
            Clock clock,
            MeterRegistry meters) {
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.channels = channels.stream().collect(Collectors.toMap(GroupChannel::name, Function.identity()));
        this.slots =
                channels.stream().collect(Collectors.toMap(GroupChannel::name, channel -> new Semaphore(PER_CHANNEL)));
        this.pacer = pacer;
        this.json = json;
        this.properties = properties;
        this.clock = clock;
        // Every series from the start, at 0: an alert rule's increase() misses the first failure of
        // a series that appears with it.
        this.attempts = channels.stream()
                .collect(Collectors.toMap(
                        GroupChannel::name,
                        channel -> Stream.of("delivered", "failed", "given_up")
                                .collect(Collectors.toMap(
                                        Function.identity(),
                                        outcome -> Counter.builder("receiver.alerts.attempts")
                                                .description(
                                                        "Alert delivery attempts by channel and outcome: delivered,"
                                                                + " failed (retried later), given up")
                                                .tag("channel", channel.name())
                                                .tag("outcome", outcome)
                                                .register(meters)))));
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
                                MDC_GROUP, alert.outgoing().message().group().value())) {
                            attempt(alert);
                        } catch (RuntimeException e) {
                            log.warn("Could not record alert {}: {}", alert.id(), e.toString());
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
        List<Claimed> claimed = jdbc.sql("""
                        SELECT a.id, a.channel, a.attempts, a.message::text AS message
                          FROM alert a
                         WHERE a.status = 'pending' AND a.channel = :channel AND a.next_attempt_at <= :now
                           AND a.message IS NOT NULL
                           -- A group's messages go out on a channel in the order they were emitted: an
                           -- update must not overtake the opening still being retried.
                           AND NOT EXISTS (SELECT 1 FROM alert e
                                            WHERE e.group_key = a.group_key AND e.channel = a.channel
                                              AND e.status = 'pending' AND e.created_at < a.created_at)
                         ORDER BY a.next_attempt_at
                         LIMIT :limit
                           FOR UPDATE OF a SKIP LOCKED
                        """)
                .param("channel", channel)
                .param("now", utc(now))
                .param("limit", limit)
                .query((rs, row) -> new Claimed(
                        rs.getObject("id", UUID.class),
                        rs.getString("channel"),
                        rs.getInt("attempts"),
                        rs.getString("message")))
                .list();
        List<Due> due = new ArrayList<>();
        List<UUID> unreadable = new ArrayList<>();
        for (Claimed row : claimed) {
            try {
                GroupMessage message = json.readValue(row.message(), GroupMessage.class);
                due.add(new Due(new GroupingEngine.Outgoing(row.id(), row.channel(), message), row.attempts()));
            } catch (JacksonException e) {
                unreadable.add(row.id());
            }
        }
        if (!unreadable.isEmpty()) {
            // Left pending, a message this version cannot read would be claimed again and again.
            jdbc.sql("""
                            UPDATE alert SET status = 'failed', next_attempt_at = NULL,
                                             last_error = 'not sent: the stored message cannot be read'
                             WHERE id = ANY (:ids)
                            """).param("ids", unreadable.toArray(UUID[]::new)).update();
        }
        if (!due.isEmpty()) {
            jdbc.sql("UPDATE alert SET next_attempt_at = :leaseEnd WHERE id = ANY (:ids)")
                    .param("leaseEnd", utc(now.plus(abandonAfter()).plus(LEASE_MARGIN)))
                    .param("ids", due.stream().map(Due::id).toArray(UUID[]::new))
                    .update();
        }
        return due;
    }

    /** Sends one alert, outside any transaction, unless its channel's pace says later; records the outcome. */
    private void attempt(Due alert) {
        // Messages are claimed per configured channel (see claim), so the channel is there.
        GroupChannel channel = Objects.requireNonNull(channels.get(alert.channel()), alert.channel());
        ChannelPacer.Go go;
        switch (pacer.acquire(alert.channel(), alert.outgoing().message().group())) {
            case ChannelPacer.Wait wait -> {
                later(alert, wait.until());
                return;
            }
            case ChannelPacer.Go granted -> go = granted;
        }
        // The channel's own thread logs in the same context (alert.group) as this one.
        Map<String, String> context = MDC.getCopyOfContextMap();
        FutureTask<Void> send = new FutureTask<>(() -> {
            if (context != null) {
                MDC.setContextMap(context);
            }
            channel.deliver(alert.outgoing());
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
            pacer.failed(go);
            Thread.currentThread().interrupt();
            return; // shutting down: the lease runs out and the alert is tried again
        }
        if (failure != null) {
            pacer.failed(go);
        }
        record(alert, failure);
    }

    /** Not sent, and no attempt counted: the channel's pace puts it off until then. */
    private void later(Due alert, Instant until) {
        jdbc.sql("UPDATE alert SET next_attempt_at = :until"
                        + " WHERE id = :id AND status = 'pending' AND attempts = :claimedAttempts")
                .param("until", utc(until))
                .param("id", alert.id())
                .param("claimedAttempts", alert.attempts())
                .update();
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
                    .param("id", alert.id())
                    .param("claimedAttempts", alert.attempts())
                    .update();
            count(alert, "delivered");
            return;
        }
        boolean giveUp = attempts >= properties.maxAttempts();
        Instant next = now.plus(properties.backoffAfter(attempts));
        if (failure instanceof DeliveryException refused) {
            if (refused.permanent()) {
                giveUp = true; // trying again cannot help (an invalid event)
            } else if (refused.status() == 429 || refused.status() == 503) {
                // The endpoint says when: no sooner, and no later either (backoff would only add delay).
                next = pacer.rejected(alert.channel(), refused.retryAfter());
                next = next.isAfter(now) ? next : now;
            }
        }
        log.warn(
                "Alert {} on {} failed (attempt {}){}: {}",
                alert.id(),
                alert.channel(),
                attempts,
                giveUp ? ", giving up" : ", retrying at " + next,
                failure.toString());
        count(alert, giveUp ? "given_up" : "failed");
        jdbc.sql("UPDATE alert SET status = :status, attempts = :attempts, next_attempt_at = :next,"
                        + " last_error = :error" + stillClaimed)
                .param("status", giveUp ? "failed" : "pending")
                .param("attempts", attempts)
                .param("next", giveUp ? null : utc(next), java.sql.Types.TIMESTAMP_WITH_TIMEZONE)
                .param("error", truncate(failure.toString()))
                .param("id", alert.id())
                .param("claimedAttempts", alert.attempts())
                .update();
    }

    private void count(Due alert, String outcome) {
        Map<String, Counter> ofChannel = attempts.get(alert.channel());
        if (ofChannel != null) { // only channels this instance has are claimed
            Objects.requireNonNull(ofChannel.get(outcome)).increment();
        }
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

    /** A message claimed, as stored. */
    private record Claimed(UUID id, String channel, int attempts, String message) {}

    private record Due(GroupingEngine.Outgoing outgoing, int attempts) {

        UUID id() {
            return outgoing.id();
        }

        String channel() {
            return outgoing.channel();
        }
    }
}
