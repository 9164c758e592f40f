package dev.downtime.receiver.promises;

import static org.assertj.core.api.Assertions.assertThat;

import dev.downtime.receiver.PostgresIntegrationTest;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The ledger's one statement per batch looks up the promise of each "ok" by its key, whatever the
 * size of the ledger: planned as a read of the whole ledger, it cost 1.8 ms a batch at a few
 * thousand promises (bench/PERFORMANCE.md).
 */
class PromiseLedgerPlanTest extends PostgresIntegrationTest {

    @Test
    void looksUpEachOkByItsKeyRatherThanReadingTheLedger() {
        jdbc.sql("""
                        INSERT INTO promise (url_key, url, promised_until, told_at, window_ids, notification_id)
                        SELECT url_key('https://p' || i || '.test'), 'https://p' || i || '.test',
                               now() + interval '1 hour', now(), '{}', gen_random_uuid()
                          FROM generate_series(1, 7000) AS i
                        """).update();
        int batch = 22;
        String plan = String.join(
                "\n",
                jdbc.sql("EXPLAIN (ANALYZE, COSTS OFF) " + PromiseLedger.RECORD)
                        .param(
                                "urls",
                                IntStream.range(0, batch)
                                        .mapToObj(i -> "https://x" + i + ".test")
                                        .toArray(String[]::new))
                        .param(
                                "until",
                                IntStream.range(0, batch)
                                        .mapToObj(i -> i % 10 == 0 ? "2026-12-06T12:00:00Z" : null)
                                        .toArray(String[]::new))
                        .param(
                                "told",
                                IntStream.range(0, batch)
                                        .mapToObj(i -> "2026-12-06T10:00:00Z")
                                        .toArray(String[]::new))
                        .param(
                                "windows",
                                IntStream.range(0, batch).mapToObj(i -> "").toArray(String[]::new))
                        .param(
                                "ids",
                                IntStream.range(0, batch)
                                        .mapToObj(i -> UUID.randomUUID())
                                        .toArray(UUID[]::new))
                        .query(String.class)
                        .list());

        assertThat(plan).contains("Index Scan using promise_pkey on promise p").doesNotContain("Seq Scan on promise");
    }
}
