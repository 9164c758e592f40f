package dev.downtime.receiver.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.downtime.receiver.PostgresIntegrationTest;
import dev.downtime.receiver.incidents.Incidents;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

/** What is logged while an alert is sent carries its incident's id ({@code incident.id}). */
class AlertLogContextTest extends PostgresIntegrationTest {

    @Autowired
    TransactionTemplate transaction;

    @Autowired
    Incidents incidents;

    AlertDispatcher dispatcher;

    /** The log context each delivery ran in, by alert. */
    final Map<UUID, String> contexts = new ConcurrentHashMap<>();

    final AlertChannel recording = new AlertChannel() {
        @Override
        public String name() {
            return "recording";
        }

        @Override
        public void deliver(AlertMessage message) {
            contexts.put(message.incident().id(), String.valueOf(MDC.get("incident.id")));
        }
    };

    @AfterEach
    void stop() {
        if (dispatcher != null) {
            dispatcher.stop();
        }
    }

    @Test
    void sendsEachAlertWithItsIncidentInTheLogContext() {
        UUID first = incident("http://first.test");
        UUID second = incident("http://second.test");
        dispatcher = new AlertDispatcher(
                jdbc,
                transaction,
                incidents,
                List.of(recording),
                AlertDispatcherTest.properties(Duration.ofSeconds(5)),
                clock);
        dispatcher.start();

        dispatcher.dispatch();

        await().atMost(Duration.ofSeconds(10)).until(() -> contexts.size() == 2);
        assertThat(contexts).containsEntry(first, first.toString()).containsEntry(second, second.toString());
    }

    UUID incident(String url) {
        UUID id = UUID.randomUUID();
        var now = OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
        jdbc.sql("""
                        INSERT INTO incident (id, normalized_url, opened_at, last_notified_at, notification_count,
                                              first_code, worst_code, last_code)
                        VALUES (:id, :url, :at, :at, 1, 503, 503, 503)
                        """).param("id", id).param("url", url).param("at", now).update();
        jdbc.sql("""
                        INSERT INTO alert (id, incident_id, transition, channel, created_at, status, next_attempt_at)
                        VALUES (:id, :incident, 'opened', 'recording', :now, 'pending', :now)
                        """)
                .param("id", UUID.randomUUID())
                .param("incident", id)
                .param("now", now)
                .update();
        return id;
    }
}
