package dev.downtime.receiver;

import static org.assertj.core.api.Assertions.assertThat;

import dev.downtime.receiver.alerts.TestAlerts;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;

/**
 * The webhook's commits wait for the disk; the transactions that derive data from its events (the
 * fold into incidents, the promise ledger, verification's queue, alert grouping) and the event
 * registry's marks of their progress do not, as {@link dev.downtime.receiver.database.DerivedData}
 * explains. Seen from inside each transaction, by a trigger that records the {@code
 * synchronous_commit} in force when the table is written.
 */
@Import(TestAlerts.OneChannel.class)
@TestPropertySource(properties = {"receiver.alerts.recovery=always", "receiver.alerts.dispatch-interval=1h"})
class DerivedDataCommitsTest extends PostgresIntegrationTest {

    static final List<String> TABLES =
            List.of("notification", "incident", "promise", "verification_due", "alert_group");

    @BeforeEach
    void probe() {
        jdbc.sql("CREATE TABLE commit_probe (written text, synchronous_commit text)")
                .update();
        jdbc.sql("""
                        CREATE FUNCTION commit_probe() RETURNS trigger LANGUAGE plpgsql AS $$
                        BEGIN
                            INSERT INTO commit_probe VALUES (TG_TABLE_NAME, current_setting('synchronous_commit'));
                            RETURN NULL;
                        END $$
                        """).update();
        for (String table : TABLES) {
            jdbc.sql("CREATE TRIGGER commit_probe AFTER INSERT OR UPDATE ON " + table
                            + " FOR EACH STATEMENT EXECUTE FUNCTION commit_probe()")
                    .update();
        }
        // The registry's bookkeeping: a publication marked as processed, then completed (deleted).
        // For each row: the retry job's statements that change no row are not bookkeeping.
        jdbc.sql("CREATE TRIGGER commit_probe AFTER UPDATE OR DELETE ON event_publication"
                        + " FOR EACH ROW EXECUTE FUNCTION commit_probe()")
                .update();
    }

    @AfterEach
    void dropProbe() {
        for (String table : TABLES) {
            jdbc.sql("DROP TRIGGER commit_probe ON " + table).update();
        }
        jdbc.sql("DROP TRIGGER commit_probe ON event_publication").update();
        jdbc.sql("DROP FUNCTION commit_probe() CASCADE").update();
        jdbc.sql("DROP TABLE commit_probe").update();
    }

    @Test
    void theWebhooksCommitWaitsForTheDiskAndWhatDerivesFromItDoesNot() {
        assertThat(mvc.post()
                        .uri("/api/v1/maintenance-windows")
                        .header("Authorization", bearer())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("""
                                {"scope":"domain","target":"kept.test","startsAt":"%s","endsAt":"%s"}""".formatted(clock.instant(), clock.instant().plus(Duration.ofHours(1)))))
                .hasStatus(HttpStatus.CREATED);
        for (String url : new String[] {"http://kept.test", "http://down.test"}) {
            assertThat(postWebhook("{\"ts\":" + clock.instant().getEpochSecond() + ",\"url\":\"" + url
                                    + "\",\"code\":503,\"host\":\"example\"}")
                            .statusCode())
                    .isEqualTo(200);
        }
        awaitEventsHandled();

        Map<String, String> settings = jdbc
                .sql("SELECT written, string_agg(DISTINCT synchronous_commit, ',') FROM commit_probe GROUP BY written")
                .query((rs, row) -> Map.entry(rs.getString(1), rs.getString(2)))
                .list()
                .stream()
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        assertThat(settings)
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        "notification", "on",
                        "incident", "off",
                        "promise", "off",
                        "verification_due", "off",
                        "alert_group", "off",
                        "event_publication", "off"));
    }
}
