package dev.downtime.receiver.notifications;

import static org.assertj.core.api.Assertions.assertThat;

import dev.downtime.receiver.PostgresIntegrationTest;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Each index of the notification table costs every insert of a mass outage: the table has only
 * those the service's own queries use, and each of these queries is planned on its index.
 */
class NotificationIndexesTest extends PostgresIntegrationTest {

    @BeforeEach
    void manyNotifications() {
        // Enough rows, over enough hosts, URLs and time, for the planner to prefer an index.
        jdbc.sql("""
                        INSERT INTO notification (id, received_at, ts, ts_ms, raw_url, normalized_url, code, host, reply)
                        SELECT gen_random_uuid(), timestamptz '2026-03-01T00:00:00Z' + i * interval '1 second',
                               1772323200 + i, (1772323200 + i) * 1000::bigint,
                               'https://s' || i || '.example.test/', 'https://s' || i || '.example.test',
                               CASE WHEN i % 20 = 0 THEN 200 ELSE 503 END, 'host-' || (i % 500), 'ok'
                          FROM generate_series(1, 20000) AS i
                        """).update();
        jdbc.sql("ANALYZE notification").update();
    }

    @Test
    void keepsOnlyTheIndexesItsQueriesUse() {
        assertThat(jdbc.sql("SELECT indexname FROM pg_indexes WHERE tablename = 'notification'")
                        .query(String.class)
                        .list())
                .containsExactlyInAnyOrder(
                        "notification_pkey",
                        "notification_received_at_idx",
                        "notification_url_idx",
                        "notification_host_idx",
                        "notification_duplicate_idx");
    }

    @Test
    void listsTheNewestPageByTime() {
        assertThat(plan("SELECT * FROM notification ORDER BY received_at DESC, id DESC LIMIT 50"))
                .contains("notification_received_at_idx");
        // The code filter, a class that matches most rows in an outage, reads the same index.
        assertThat(plan("SELECT * FROM notification WHERE code BETWEEN 500 AND 599"
                        + " ORDER BY received_at DESC, id DESC LIMIT 50"))
                .contains("notification_received_at_idx");
    }

    @Test
    void findsAUrlsNotificationsByItsDigest() {
        assertThat(
                        plan(
                                "SELECT * FROM notification WHERE url_key(normalized_url) = url_key('https://s7.example.test')"
                                        + " AND normalized_url = 'https://s7.example.test' ORDER BY received_at DESC, id DESC LIMIT 50"))
                .contains("notification_url_idx");
    }

    @Test
    void findsAHostsNotifications() {
        assertThat(plan("SELECT * FROM notification WHERE lower(host) = lower('HOST-7')"
                        + " ORDER BY received_at DESC, id DESC LIMIT 50"))
                .contains("notification_host_idx");
    }

    @Test
    void findsTheFirstOfADuplicateCheck() {
        assertThat(plan("""
                        SELECT n.reply FROM notification n
                         WHERE url_key(n.normalized_url) = url_key('https://s7.example.test')
                           AND n.normalized_url = 'https://s7.example.test'
                           AND n.ts_ms = 1772323207000 AND n.code = 503
                           AND lower(coalesce(n.host, '')) = lower(coalesce('host-7', '')) AND NOT n.ts_skewed
                        """)).contains("notification_duplicate_idx");
    }

    @Test
    void readsNotificationsByIdForIncidentsAndTheSpool() {
        assertThat(plan("SELECT * FROM notification WHERE id = ANY (CAST('{0b6c0b6c-0000-4000-8000-000000000001,"
                        + "0b6c0b6c-0000-4000-8000-000000000002}' AS uuid[]))"))
                .contains("notification_pkey");
    }

    private String plan(String query) {
        List<String> lines = jdbc.sql("EXPLAIN " + query).query(String.class).list();
        return String.join("\n", lines);
    }
}
