package dev.downtime.receiver.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.downtime.receiver.PostgresIntegrationTest;
import java.sql.Connection;
import java.time.Duration;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

/**
 * A mass outage puts most incidents' changes in one group, stepped under its lock one transaction
 * at a time. Changes waiting for that group wait on the grouping's one thread, not each on a pooled
 * connection: the webhook's commits need those.
 */
@Import(TestAlerts.OneChannel.class)
@TestPropertySource(properties = {"receiver.alerts.group-by=host", "receiver.alerts.dispatch-interval=1h"})
@DirtiesContext
class GroupingConnectionsTest extends PostgresIntegrationTest {

    @Autowired
    DataSource dataSource;

    @Test
    void changesWaitingForALockedGroupHoldOneConnectionAtMost() throws Exception {
        int sites = 12;
        try (Connection other = dataSource.getConnection()) {
            // Another instance stepping the group, for as long as this test wants.
            other.setAutoCommit(false);
            try (var lock =
                    other.prepareStatement("SELECT pg_advisory_xact_lock(hashtext('alert_group'), hashtext(?))")) {
                lock.setString(1, "host=dc-z");
                lock.execute();
            }
            for (int i = 0; i < sites; i++) {
                assertThat(postWebhook("{\"url\":\"http://site" + i + ".dc-z.test\",\"code\":503,\"host\":\"dc-z\"}")
                                .statusCode())
                        .isEqualTo(200);
            }
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> jdbc.sql("SELECT count(*) FROM incident WHERE closed_at IS NULL")
                                    .query(Long.class)
                                    .single()
                            == sites);
            await().pollDelay(Duration.ofMillis(500))
                    .atMost(Duration.ofSeconds(2))
                    .until(() -> waitingForTheGroup() >= 1);
            assertThat(waitingForTheGroup()).isEqualTo(1);
            other.rollback();
        }
        // Once the group is free, every change is grouped.
        await().atMost(Duration.ofSeconds(10))
                .until(() -> jdbc.sql("SELECT count(*) FROM alert_group_site")
                                .query(Long.class)
                                .single()
                        == sites);
    }

    long waitingForTheGroup() {
        return jdbc.sql("""
                        SELECT count(*) FROM pg_stat_activity
                         WHERE datname = current_database() AND wait_event_type = 'Lock' AND wait_event = 'advisory'
                        """).query(Long.class).single();
    }
}
