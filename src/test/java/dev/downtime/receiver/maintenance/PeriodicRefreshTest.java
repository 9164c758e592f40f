package dev.downtime.receiver.maintenance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.downtime.receiver.PostgresIntegrationTest;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

@TestPropertySource(
        properties = {"receiver.maintenance.refresh-interval=100ms", "receiver.maintenance.listen-for-changes=false"})
// Its background jobs run fast: closed after its tests, so they cannot touch the next class's data.
@DirtiesContext
class PeriodicRefreshTest extends PostgresIntegrationTest {

    /** Each poll a new check: the same one again would get the first answer (a duplicate). */
    final java.util.concurrent.atomic.AtomicInteger polls = new java.util.concurrent.atomic.AtomicInteger();

    @Test
    void appliesWindowsWrittenByAnotherInstanceAtTheNextRefresh() {
        // Straight into PostgreSQL, as another instance would write it, with LISTEN/NOTIFY off:
        // this instance can learn of it only through its periodic refresh.
        var now = OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
        jdbc.sql("""
                        INSERT INTO maintenance_window (id, scope, target, starts_at, ends_at, created_by, created_at, updated_at)
                        VALUES (:id, 'domain', '*.example.com', :now, :endsAt, 'other-instance', :now, :now)
                        """)
                .param("id", UUID.randomUUID())
                .param("now", now)
                .param("endsAt", now.plusMinutes(1))
                .update();
        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(postWebhook("{\"ts\":" + polls.incrementAndGet()
                                        + ",\"url\":\"www.example.com\",\"code\":502}")
                                .body())
                        .isEqualTo("2026-03-01T12:01:00Z"));
        assertThat(schedule.size()).isEqualTo(1);
    }
}
