package dev.downtime.receiver.incidents;

import static org.assertj.core.api.Assertions.assertThat;

import dev.downtime.receiver.PostgresIntegrationTest;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * In a mass outage the fold looks up each batch's URLs among thousands of open incidents, in tables
 * whose statistics lag behind: each lookup must be an index probe per URL, never a scan of every
 * open incident (which cost 15 ms a batch at 12,000 and grew with them). The join the fold used
 * before was planned as such a scan here: a batch of 30 URLs, 3,000 open incidents, analyzed at 100.
 */
class FoldLookupPlanTest extends PostgresIntegrationTest {

    static final List<String> BATCH = IntStream.rangeClosed(1, 30)
            .mapToObj(i -> "https://s" + (i * 97) + ".outage.test")
            .toList();

    @Autowired
    TransactionTemplate transaction;

    @BeforeEach
    void aMassOutageFoldedSoFar() {
        outage(1, 100);
        jdbc.sql("ANALYZE incident").update();
        jdbc.sql("ANALYZE incident_url").update();
        // Then many more, not analyzed yet, as the fold meets them in a mass outage.
        outage(101, 3000);
    }

    private void outage(int from, int to) {
        jdbc.sql("""
                        INSERT INTO incident (id, normalized_url, host, opened_at, last_notified_at,
                                              notification_count, first_code, worst_code, last_code)
                        SELECT gen_random_uuid(), 'https://s' || i || '.outage.test', 'h',
                               timestamptz '2026-03-01T12:00:00Z', timestamptz '2026-03-01T12:00:00Z', 1, 503, 503, 503
                          FROM generate_series(:from, :to) AS i
                        """).param("from", from).param("to", to).update();
        jdbc.sql("""
                        INSERT INTO incident_url (url_key, normalized_url, newest_folded_at)
                        SELECT url_key('https://s' || i || '.outage.test'), 'https://s' || i || '.outage.test',
                               timestamptz '2026-03-01T12:00:00Z'
                          FROM generate_series(:from, :to) AS i
                        """).param("from", from).param("to", to).update();
    }

    @Test
    void findsABatchsOpenIncidentsByIndexProbes() {
        assertThat(plan(IncidentFolder.OPEN_INCIDENTS)).contains("Index").doesNotContain("Seq Scan");
    }

    @Test
    void findsWhatWasFoldedForABatchsUrlsByIndexProbes() {
        // Comparing stored digests is cheap: below some thousands of rows a scan is the better plan.
        jdbc.sql("""
                        INSERT INTO incident_url (url_key, normalized_url, newest_folded_at)
                        SELECT url_key('https://t' || i || '.outage.test'), 'https://t' || i || '.outage.test',
                               timestamptz '2026-03-01T12:00:00Z'
                          FROM generate_series(1, 30000) AS i
                        """).update();
        assertThat(plan(IncidentFolder.FOLDED_URLS))
                .contains("incident_url_pkey")
                .doesNotContain("Seq Scan");
    }

    @Test
    void theDigestsAreUrlKeys() {
        assertThat(jdbc.sql("SELECT url_key(:url)")
                        .param("url", "https://ü.example/ä?q=ß")
                        .query(byte[].class)
                        .single())
                .isEqualTo(UrlKeys.of(List.of("https://ü.example/ä?q=ß"))[0]);
    }

    /** As the fold runs it: planned for these parameters, in its transaction. */
    private String plan(String query) {
        return transaction.execute(status -> {
            jdbc.sql("SET LOCAL plan_cache_mode = force_custom_plan").update();
            return String.join(
                    "\n",
                    jdbc.sql("EXPLAIN " + query)
                            .param("keys", UrlKeys.of(BATCH))
                            .param("urls", BATCH.toArray(String[]::new))
                            .query(String.class)
                            .list());
        });
    }
}
