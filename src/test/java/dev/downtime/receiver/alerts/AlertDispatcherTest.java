package dev.downtime.receiver.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.downtime.receiver.IntegrationTest;
import dev.downtime.receiver.PostgresIntegrationTest;
import dev.downtime.receiver.alerts.grouping.ChannelPacer;
import dev.downtime.receiver.alerts.grouping.DeliveryException;
import dev.downtime.receiver.alerts.grouping.GroupChannel;
import dev.downtime.receiver.alerts.grouping.GroupKey;
import dev.downtime.receiver.alerts.grouping.GroupMessage;
import dev.downtime.receiver.alerts.grouping.GroupingEngine;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.MDC;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/** The dispatcher on its own, with channels made for the test: one that hangs, one that works. */
class AlertDispatcherTest extends PostgresIntegrationTest {

    @Autowired
    TransactionTemplate transaction;

    @Autowired
    JsonMapper json;

    AlertDispatcher dispatcher;

    final AtomicInteger stuckNow = new AtomicInteger();
    final AtomicInteger stuckAtMost = new AtomicInteger();

    /** Blocks until interrupted, as a read from a server that never answers does. */
    final GroupChannel stuck = new GroupChannel() {
        @Override
        public String name() {
            return "stuck";
        }

        @Override
        public void deliver(GroupingEngine.Outgoing outgoing) throws InterruptedException {
            stuckAtMost.accumulateAndGet(stuckNow.incrementAndGet(), Math::max);
            try {
                Thread.sleep(Duration.ofMinutes(5));
            } finally {
                stuckNow.decrementAndGet();
            }
        }
    };

    final List<UUID> delivered = new CopyOnWriteArrayList<>();

    /** Delivers, noting which message. */
    GroupChannel working(String name) {
        return new GroupChannel() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public void deliver(GroupingEngine.Outgoing outgoing) {
                delivered.add(outgoing.id());
            }
        };
    }

    /** Answers as an endpoint does that takes no more for now. */
    GroupChannel refusing(String name, int status, String retryAfter) {
        return new GroupChannel() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public void deliver(GroupingEngine.Outgoing outgoing) throws DeliveryException {
                throw new DeliveryException("answered HTTP " + status, status, status == 400, retryAfter);
            }
        };
    }

    AlertDispatcher dispatcher(Duration sendTimeout, GroupChannel... channels) {
        dispatcher = new AlertDispatcher(
                jdbc,
                transaction,
                List.of(channels),
                ChannelPacer.standard(clock, Duration.ofMinutes(5)),
                json,
                properties(sendTimeout),
                clock,
                new SimpleMeterRegistry());
        dispatcher.start();
        return dispatcher;
    }

    @AfterEach
    void stop() {
        if (dispatcher != null) {
            dispatcher.stop();
        }
    }

    static AlertsProperties properties(Duration sendTimeout) {
        return new AlertsProperties(
                new AlertsProperties.Webhook(null, null),
                new AlertsProperties.Slack(null),
                new AlertsProperties.Email(List.of(), "x@localhost"),
                3,
                Duration.ofMinutes(1),
                Duration.ofMinutes(10),
                Duration.ofSeconds(1),
                sendTimeout,
                AlertsProperties.Recovery.ALERTED);
    }

    /** A message of the group, due now, created {@code sequence} seconds after T0. */
    UUID pendingMessage(String group, int sequence, String channel) {
        UUID id = UUID.randomUUID();
        Instant at = IntegrationTest.T0.plusSeconds(sequence);
        GroupMessage message = new GroupMessage(
                GroupKey.parse(group),
                sequence == 1 ? GroupMessage.Kind.OPENED : GroupMessage.Kind.UPDATED,
                sequence,
                at,
                IntegrationTest.T0,
                List.of(new GroupMessage.Site("http://" + group + ".test", null, IntegrationTest.T0, null, null)),
                List.of(),
                List.of(),
                1,
                0,
                0,
                0,
                "/api/v1/incidents?state=open");
        jdbc.sql("""
                        INSERT INTO alert (id, group_key, sequence, channel, message, created_at, status, next_attempt_at)
                        VALUES (:id, :group, :sequence, :channel, CAST(:message AS jsonb), :at, 'pending', :now)
                        """)
                .param("id", id)
                .param("group", group)
                .param("sequence", sequence)
                .param("channel", channel)
                .param("message", json.writeValueAsString(message))
                .param("at", OffsetDateTime.ofInstant(at, ZoneOffset.UTC))
                .param("now", OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC))
                .update();
        return id;
    }

    long alerts(String channel, String condition) {
        return jdbc.sql("SELECT count(*) FROM alert WHERE channel = :channel AND " + condition)
                .param("channel", channel)
                .query(Long.class)
                .single();
    }

    @Test
    void sendsEachMessageWithItsGroupInTheLogContext() {
        Map<UUID, String> contexts = new ConcurrentHashMap<>();
        GroupChannel recording = new GroupChannel() {
            @Override
            public String name() {
                return "recording";
            }

            @Override
            public void deliver(GroupingEngine.Outgoing outgoing) {
                contexts.put(outgoing.id(), String.valueOf(MDC.get("alert.group")));
            }
        };
        UUID first = pendingMessage("host=first", 1, "recording");
        UUID second = pendingMessage("host=second", 1, "recording");

        dispatcher(Duration.ofSeconds(5), recording).dispatch();

        await().atMost(Duration.ofSeconds(10)).until(() -> contexts.size() == 2);
        assertThat(contexts).containsEntry(first, "host=first").containsEntry(second, "host=second");
    }

    @Test
    void aHangingChannelHoldsOnlyItsOwnSlotsAndItsDeliveriesAreAbandonedAtTheDeadline() {
        for (int i = 0; i < 20; i++) {
            pendingMessage("host=site" + i, 1, "stuck");
        }
        pendingMessage("host=other", 1, "working");
        dispatcher(Duration.ofMillis(500), stuck, working("working"));

        assertThat(dispatcher.dispatch()).isEqualTo(AlertDispatcher.PER_CHANNEL + 1);

        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() ->
                        assertThat(alerts("working", "status = 'delivered'")).isEqualTo(1));
        // Each abandoned after twice the send timeout, retried after the backoff.
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(alerts(
                                "stuck",
                                "status = 'pending' AND attempts = 1 AND last_error LIKE '%still running after PT1S%'"
                                        + " AND next_attempt_at = '2026-03-01T12:01:00Z'"))
                        .isEqualTo(AlertDispatcher.PER_CHANNEL));
        assertThat(stuckAtMost.get()).isLessThanOrEqualTo(AlertDispatcher.PER_CHANNEL);
        assertThat(alerts("stuck", "attempts = 0 AND next_attempt_at = '" + IntegrationTest.T0 + "'"))
                .isEqualTo(20 - AlertDispatcher.PER_CHANNEL);
        await().atMost(Duration.ofSeconds(10)).until(() -> stuckNow.get() == 0 && dispatcher.inFlight() == 0);

        // The slots are free again: the next round takes the alerts not tried yet.
        assertThat(dispatcher.dispatch()).isEqualTo(AlertDispatcher.PER_CHANNEL);
    }

    @Test
    void sendsAGroupsUpdateOnlyAfterItsOpeningStillBeingRetriedOnItsChannel() {
        UUID opening = pendingMessage("host=flapping", 1, "working");
        UUID update = pendingMessage("host=flapping", 2, "working");
        // The opening failed once and waits for its retry; the update is due now.
        jdbc.sql("UPDATE alert SET attempts = 1, next_attempt_at = :later WHERE id = :id")
                .param("later", OffsetDateTime.ofInstant(clock.instant().plus(Duration.ofMinutes(1)), ZoneOffset.UTC))
                .param("id", opening)
                .update();
        dispatcher(Duration.ofSeconds(5), working("working"));

        assertThat(dispatcher.dispatch()).isZero();
        assertThat(alerts("working", "status = 'pending'")).isEqualTo(2);

        clock.advance(Duration.ofMinutes(1));
        assertThat(dispatcher.dispatch()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> alerts("working", "status = 'delivered'") == 1 && dispatcher.inFlight() == 0);
        assertThat(dispatcher.dispatch()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(10)).until(() -> alerts("working", "status = 'delivered'") == 2);
        assertThat(delivered).containsExactly(opening, update);
    }

    @Test
    void slackGetsOneMessageASecondAndTheOthersWaitWithoutAnAttemptCounted() {
        for (int i = 0; i < 3; i++) {
            pendingMessage("host=s" + i, 1, "slack");
        }
        dispatcher(Duration.ofSeconds(5), working("slack"));

        dispatcher.dispatch();
        await().atMost(Duration.ofSeconds(10)).until(() -> dispatcher.inFlight() == 0);

        assertThat(delivered).hasSize(1);
        assertThat(alerts("slack", "status = 'pending' AND attempts = 0 AND next_attempt_at = '2026-03-01T12:00:01Z'"))
                .isEqualTo(2);
        clock.advance(Duration.ofSeconds(1));
        dispatcher.dispatch();
        await().atMost(Duration.ofSeconds(10)).until(() -> dispatcher.inFlight() == 0);
        assertThat(delivered).hasSize(2);
    }

    @ParameterizedTest
    @ValueSource(strings = {"webhook", "slack", "pagerduty"})
    void aChannelAnswering429IsPausedUntilItsRetryAfter(String channel) {
        pendingMessage("host=a", 1, channel);
        dispatcher(Duration.ofSeconds(5), refusing(channel, 429, "120"));

        dispatcher.dispatch();
        await().atMost(Duration.ofSeconds(10)).until(() -> dispatcher.inFlight() == 0);

        assertThat(alerts(
                        channel,
                        "status = 'pending' AND attempts = 1 AND last_error LIKE '%HTTP 429%'"
                                + " AND next_attempt_at = '2026-03-01T12:02:00Z'"))
                .isEqualTo(1);
        // Another group's message, due now, waits for the pause too, without an attempt counted.
        pendingMessage("host=b", 1, channel);
        dispatcher.dispatch();
        await().atMost(Duration.ofSeconds(10)).until(() -> dispatcher.inFlight() == 0);
        assertThat(alerts(channel, "attempts = 0 AND next_attempt_at = '2026-03-01T12:02:00Z'"))
                .isEqualTo(1);
    }

    @Test
    void givesUpAStoredMessageItCannotReadAndSendsTheOthers() {
        UUID unreadable = pendingMessage("host=a", 1, "working");
        jdbc.sql("UPDATE alert SET message = '{\"group\": 7}' WHERE id = :id")
                .param("id", unreadable)
                .update();
        UUID readable = pendingMessage("host=b", 1, "working");
        dispatcher(Duration.ofSeconds(5), working("working"));

        assertThat(dispatcher.dispatch()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(10)).until(() -> dispatcher.inFlight() == 0);

        assertThat(delivered).containsExactly(readable);
        assertThat(alerts("working", "status = 'failed' AND last_error LIKE 'not sent: the stored message%'"))
                .isEqualTo(1);
    }

    @Test
    void givesUpAtOnceAMessageTheEndpointRefusesForGood() {
        pendingMessage("host=a", 1, "pagerduty");
        dispatcher(Duration.ofSeconds(5), refusing("pagerduty", 400, ""));

        dispatcher.dispatch();
        await().atMost(Duration.ofSeconds(10)).until(() -> dispatcher.inFlight() == 0);

        assertThat(alerts("pagerduty", "status = 'failed' AND attempts = 1 AND next_attempt_at IS NULL"))
                .isEqualTo(1);
    }
}
