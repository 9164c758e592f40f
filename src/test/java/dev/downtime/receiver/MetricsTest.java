package dev.downtime.receiver;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MetricsTest extends PostgresIntegrationTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "receiver_notifications_total{outcome=\"ok\"}",
                "receiver_notifications_total{outcome=\"suppressed\"}",
                "receiver_notifications_total{outcome=\"rejected\"}",
                "receiver_notifications_stored_total{result=\"committed\"}",
                "receiver_notifications_stored_total{result=\"quarantined\"}",
                "receiver_notifications_quarantined_total{stage=\"commit\",store=\"table\"}",
                "receiver_notifications_quarantined_total{stage=\"spool\",store=\"dead-letter\"}",
                "receiver_decision_latency_seconds_count",
                "receiver_notifications_batch_size_count",
                "receiver_notifications_commit_latency_seconds_count",
                "receiver_spool_depth",
                "receiver_notifications_dropped_total",
                "receiver_maintenance_index_size",
                "receiver_maintenance_index_age_seconds"
            })
    void exposesTheReceiversMetricsToPrometheus(String series) {
        jdbc.sql("""
                        INSERT INTO maintenance_window (id, scope, target, starts_at, ends_at, created_by, created_at, updated_at)
                        VALUES (gen_random_uuid(), 'host', 'example', now() - interval '1 day', now() + interval '1 day',
                                'sql', now(), now())
                        """).update();
        schedule.refresh();
        clock.set(java.time.Instant.now());
        postWebhook("{\"url\":\"example.com\",\"code\":500}");
        postWebhook("{\"url\":\"example.com\",\"code\":500,\"host\":\"example\"}");
        postWebhook("not json");

        String scrape = body(mvc.get().uri("/actuator/prometheus").exchange());

        assertThat(scrape).contains(series);
    }

    @Test
    void exposesOnlyHealthInfoAndPrometheus() {
        assertThat(mvc.get().uri("/actuator"))
                .hasStatusOk()
                .bodyJson()
                .extractingPath("$._links")
                .satisfies(links -> assertThat(links.toString())
                        .contains("health", "prometheus")
                        .doesNotContain("env", "beans", "heapdump"));
        assertThat(mvc.get().uri("/actuator/env")).hasStatus4xxClientError();
    }
}
