package dev.downtime.receiver.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.downtime.receiver.PostgresIntegrationTest;
import dev.downtime.receiver.alerts.TestAlerts;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;

/** The pipeline's state in Prometheus and, for admins, in readiness, with the values it has. */
@Import(TestAlerts.OneChannel.class)
// The context of the incidents' tests: alerts on one channel, the dispatcher idle.
@TestPropertySource(properties = {"receiver.alerts.recovery=always", "receiver.alerts.dispatch-interval=1h"})
class PipelineStatusTest extends PostgresIntegrationTest {

    @Autowired
    PipelineStatus status;

    void twoSitesDownOnTwoServers() {
        for (String site : new String[] {"a", "b"}) {
            assertThat(postWebhook("{\"ts\":" + clock.instant().getEpochSecond() + ",\"url\":\"http://" + site
                                    + ".test\",\"code\":503,\"host\":\"server-" + site + "\"}")
                            .statusCode())
                    .isEqualTo(200);
        }
        awaitEventsHandled();
        // Two messages in the outbox, undelivered, as the alerts module writes them.
        for (String server : new String[] {"server-a", "server-b"}) {
            jdbc.sql("""
                            INSERT INTO alert (id, group_key, sequence, channel, message, created_at, status, next_attempt_at)
                            VALUES (gen_random_uuid(), :group, 1, 'test', '{}', :at, 'pending', :at)
                            """)
                    .param("group", "host=" + server)
                    .param("at", OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC))
                    .update();
        }
        clock.advance(Duration.ofSeconds(90));
        status.refresh();
    }

    @Test
    void exposesThePipelinesGaugesWithTheirValues() {
        twoSitesDownOnTwoServers();

        String scrape = body(mvc.get().uri("/actuator/prometheus").exchange());

        assertThat(scrape)
                .contains(
                        "receiver_incidents_open 2.0",
                        "receiver_incidents_tracker_lag_seconds 0.0",
                        "receiver_verification_checks_queued ",
                        "receiver_verification_checks_running 0.0",
                        "receiver_alerts_pending{channel=\"test\"} 2.0",
                        "receiver_alerts_oldest_undelivered_age_seconds 90.0");
    }

    @Test
    void showsThePipelineToAdminsInReadiness() {
        twoSitesDownOnTwoServers();

        assertThat(mvc.get().uri("/actuator/health/readiness").header("Authorization", bearer()))
                .hasStatusOk()
                .bodyJson()
                .extractingPath("$.components.pipeline.details")
                .satisfies(details -> assertThat(details.toString())
                        .contains("openIncidents=2", "alertsPending={test=2}", "oldestUndeliveredAlertSeconds=90.0"));
        assertThat(mvc.get().uri("/actuator/health/readiness"))
                .bodyJson()
                .satisfies(anonymous -> assertThat(anonymous.getJson()).doesNotContain("openIncidents"));
    }
}
