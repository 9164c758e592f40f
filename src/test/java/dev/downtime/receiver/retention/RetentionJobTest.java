package dev.downtime.receiver.retention;

import static org.assertj.core.api.Assertions.assertThat;

import dev.downtime.receiver.PostgresIntegrationTest;
import dev.downtime.receiver.jobs.Jobs;
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
        assertThat(job.run().deleted()).isEqualTo(3);

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
                dataSource, clock, new RetentionProperties(Duration.ofDays(90), Duration.ofHours(1), 2));

        // Five old notifications, two at a time: 2 + 2 + 1; then the one old closed incident.
        assertThat(smallBatches.run()).isEqualTo(new RetentionJob.Run(6, 4));

        assertThat(jdbc.sql("SELECT normalized_url FROM notification")
                        .query(String.class)
                        .list())
                .containsExactly("http://recent.test");
        assertThat(jdbc.sql("SELECT normalized_url FROM incident")
                        .query(String.class)
                        .list())
                .containsExactlyInAnyOrder("http://closed-lately.test", "http://still-open.test");
        assertThat(smallBatches.run()).isEqualTo(new RetentionJob.Run(0, 0));
    }
}
