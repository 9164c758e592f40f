package dev.downtime.receiver.incidents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.downtime.receiver.PostgresIntegrationTest;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.time.Duration;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Batches committed while the fold is busy are folded together, in one transaction, where each
 * used to pay a transaction and a dozen statements of its own.
 */
class FoldCoalescingTest extends PostgresIntegrationTest {

    @Autowired
    DataSource dataSource;

    @Autowired
    MeterRegistry meters;

    @Test
    void foldsTheBatchesCommittedMeanwhileInOneTransaction() throws Exception {
        DistributionSummary folds = meters.get("receiver.incidents.fold.size").summary();
        long foldsBefore = folds.count();
        double foldedBefore = folds.totalAmount();
        int meanwhile = 20;
        try (Connection other = dataSource.getConnection()) {
            // Another instance folding the first site's notifications: this instance's fold waits.
            try (var lock = other.prepareStatement("SELECT pg_advisory_lock(?, hashtext(?))")) {
                lock.setInt(1, IncidentFolder.URL_LOCKS);
                lock.setString(2, "http://first.test/x");
                lock.execute();
            }
            assertThat(postWebhook("{\"url\":\"http://first.test/x\",\"code\":503}")
                            .statusCode())
                    .isEqualTo(200);
            for (int i = 0; i < meanwhile; i++) {
                assertThat(postWebhook("{\"url\":\"http://site" + i + ".test/x\",\"code\":503}")
                                .statusCode())
                        .isEqualTo(200);
            }
            assertThat(openIncidents()).isZero();
            try (var unlock = other.prepareStatement("SELECT pg_advisory_unlock_all()")) {
                unlock.execute();
            }
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> openIncidents() == meanwhile + 1);
        awaitEventsHandled();

        // The first batch alone, then the twenty others together.
        assertThat(folds.count() - foldsBefore).isEqualTo(2);
        assertThat(folds.totalAmount() - foldedBefore).isEqualTo(meanwhile + 1.0);
    }

    long openIncidents() {
        return jdbc.sql("SELECT count(*) FROM incident WHERE closed_at IS NULL")
                .query(Long.class)
                .single();
    }
}
