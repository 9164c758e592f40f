package dev.downtime.receiver.maintenance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.downtime.receiver.PostgresIntegrationTest;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

@TestPropertySource(
        properties = {"receiver.maintenance.refresh-interval=100ms", "receiver.maintenance.listen-for-changes=false"})
class PeriodicRefreshTest extends PostgresIntegrationTest {

    @Test
    void appliesWindowsWrittenByAnotherInstanceAtTheNextRefresh() {
        // Straight into PostgreSQL, as another instance would write it: this instance can learn of
        // it only through its periodic refresh.
        var now = OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
        jdbc.sql("""
                        INSERT INTO maintenance_window (id, scope, target, starts_at, ends_at, created_by, created_at, updated_at)
                        VALUES (:id, 'domain', '*.example.com', :now, :endsAt, 'other-instance', :now, :now)
                        """)
                .param("id", UUID.randomUUID())
                .param("now", now)
                .param("endsAt", now.plusMinutes(1))
                .update();
        assertThat(postWebhook("{\"url\":\"www.example.com\",\"code\":502}").body())
                .isEqualTo("ok");

        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(postWebhook("{\"url\":\"www.example.com\",\"code\":502}")
                                .body())
                        .isEqualTo("2026-03-01T12:01:00Z"));
        assertThat(schedule.size()).isEqualTo(1);
    }
}
