package dev.downtime.receiver.retention;

import static org.assertj.core.api.Assertions.assertThat;

import dev.downtime.receiver.PostgresIntegrationTest;
import dev.downtime.receiver.alerts.AlertLog;
import dev.downtime.receiver.database.Purged;
import dev.downtime.receiver.incidents.Incidents;
import dev.downtime.receiver.jobs.Jobs;
import dev.downtime.receiver.notifications.NotificationLog;
import dev.downtime.receiver.verification.SiteChecks;
import java.sql.Connection;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

class RetentionJobTest extends PostgresIntegrationTest {

    @Autowired
    RetentionJob job;

    @Autowired
    Jobs jobs;

    @Autowired
    NotificationLog notifications;

    @Autowired
    Incidents incidents;

    @Autowired
    SiteChecks checks;

    @Autowired
    AlertLog alerts;

    @Autowired
    DataSource dataSource;

    void notificationReceived(Duration ago, String url) {
        jdbc.sql("""
                        INSERT INTO notification (id, received_at, raw_url, normalized_url, code, reply)
                        VALUES (:id, :at, :url, :url, 503, 'ok')
                        """)
                .param("id", UUID.randomUUID())
                .param("at", OffsetDateTime.ofInstant(clock.instant().minus(ago), ZoneOffset.UTC))
                .param("url", url)
                .update();
    }

    void incident(Duration openedAgo, Duration closedAgo, String url) {
        var opened = OffsetDateTime.ofInstant(clock.instant().minus(openedAgo), ZoneOffset.UTC);
        jdbc.sql("""
                        INSERT INTO incident (id, normalized_url, opened_at, last_notified_at, closed_at,
                                              notification_count, first_code, worst_code, last_code)
                        VALUES (:id, :url, :opened, :opened, :closed, 1, 503, 503, 503)
                        """)
                .param("id", UUID.randomUUID())
                .param("url", url)
                .param("opened", opened)
                .param(
                        "closed",
                        closedAgo == null
                                ? null
                                : OffsetDateTime.ofInstant(clock.instant().minus(closedAgo), ZoneOffset.UTC),
                        java.sql.Types.TIMESTAMP_WITH_TIMEZONE)
                .update();
    }

    @BeforeEach
    void someOldSomeRecent() {
        notificationReceived(Duration.ofDays(91), "http://old.test");
        notificationReceived(Duration.ofDays(120), "http://older.test");
        notificationReceived(Duration.ofDays(89), "http://recent.test");
        incident(Duration.ofDays(100), Duration.ofDays(95), "http://closed-long-ago.test");
        incident(Duration.ofDays(100), Duration.ofDays(10), "http://closed-lately.test");
        incident(Duration.ofDays(100), null, "http://still-open.test");
    }

    @Test
    void deletesNotificationsAndClosedIncidentsOlderThanTheMaximumAge() throws Exception {
        assertThat(job.run().rows()).isEqualTo(3);

        assertThat(jdbc.sql("SELECT normalized_url FROM notification")
                        .query(String.class)
                        .list())
                .containsExactly("http://recent.test");
        assertThat(jdbc.sql("SELECT normalized_url FROM incident")
                        .query(String.class)
                        .list())
                .containsExactlyInAnyOrder("http://closed-lately.test", "http://still-open.test");
    }

    @Test
    void leavesTheRunToTheInstanceHoldingTheLock() throws Exception {
        try (Connection other = dataSource.getConnection();
                var lock = other.prepareStatement("SELECT pg_advisory_lock(?)")) {
            lock.setLong(1, RetentionJob.RETENTION_LOCK);
            lock.execute();

            assertThat(jobs.runNow("retention")).isEqualTo(Jobs.Outcome.SKIPPED);
            assertThat(count("notification")).isEqualTo(3);

            try (var unlock = other.prepareStatement("SELECT pg_advisory_unlock(?)")) {
                unlock.setLong(1, RetentionJob.RETENTION_LOCK);
                unlock.execute();
            }
        }
        assertThat(jobs.runNow("retention")).isEqualTo(Jobs.Outcome.SUCCESS);
        assertThat(count("notification")).isEqualTo(1);
    }

    @Test
    void deletesInBatchesOfTheConfiguredSizeUntilNothingOldIsLeft() throws Exception {
        notificationReceived(Duration.ofDays(95), "http://old-3.test");
        notificationReceived(Duration.ofDays(100), "http://old-4.test");
        notificationReceived(Duration.ofDays(365), "http://old-5.test");
        RetentionJob smallBatches = new RetentionJob(
                notifications,
                incidents,
                checks,
                alerts,
                clock,
                new RetentionProperties(Duration.ofDays(90), Duration.ofHours(1), 2));

        // Five old notifications, two at a time: 2 + 2 + 1; then the one old closed incident.
        assertThat(smallBatches.run()).isEqualTo(new Purged(6, 4));

        assertThat(jdbc.sql("SELECT normalized_url FROM notification")
                        .query(String.class)
                        .list())
                .containsExactly("http://recent.test");
        assertThat(jdbc.sql("SELECT normalized_url FROM incident")
                        .query(String.class)
                        .list())
                .containsExactlyInAnyOrder("http://closed-lately.test", "http://still-open.test");
        assertThat(smallBatches.run()).isEqualTo(new Purged(0, 0));
    }

    /** Each module deletes its own old rows: retention asks verification and alerts too. */
    @Test
    void asksEveryModuleToDeleteItsOldRows() {
        UUID incident = UUID.randomUUID();
        var old = OffsetDateTime.ofInstant(clock.instant().minus(Duration.ofDays(95)), ZoneOffset.UTC);
        var recent = OffsetDateTime.ofInstant(clock.instant().minus(Duration.ofDays(5)), ZoneOffset.UTC);
        jdbc.sql("""
                        INSERT INTO verification (id, incident_id, checked_at, url, status, latency_ms)
                        VALUES (gen_random_uuid(), :incident, :old, 'http://old.test', 503, 10),
                               (gen_random_uuid(), :incident, :recent, 'http://old.test', 503, 10)
                        """)
                .param("incident", incident)
                .param("old", old)
                .param("recent", recent)
                .update();
        jdbc.sql("""
                        INSERT INTO verification_due (incident_id, url, last_code, last_reported_at, closed_at)
                        VALUES (:incident, 'http://old.test', 503, :old, :old)
                        """).param("incident", incident).param("old", old).update();
        jdbc.sql("""
                        INSERT INTO alert (id, incident_id, transition, channel, created_at, status)
                        VALUES (gen_random_uuid(), :incident, 'opened', 'webhook', :old, 'delivered'),
                               (gen_random_uuid(), :incident, 'recovered', 'webhook', :old, 'pending')
                        """).param("incident", incident).param("old", old).update();

        job.run();

        assertThat(jdbc.sql("SELECT checked_at FROM verification")
                        .query(OffsetDateTime.class)
                        .list())
                .singleElement()
                .satisfies(checkedAt -> assertThat(checkedAt.toInstant()).isEqualTo(recent.toInstant()));
        assertThat(count("verification_due")).isZero();
        // An old alert still being sent stays until it is delivered or given up.
        assertThat(jdbc.sql("SELECT status FROM alert").query(String.class).list())
                .containsExactly("pending");
    }
}
