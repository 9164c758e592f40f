package dev.downtime.receiver.notifications;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.downtime.receiver.MigrationSchema;
import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * V15 to V17 on a database that already holds notifications: their ts becomes ts_ms, nothing is
 * claimed as sent, none is skewed, and a check stored before is still recognized when Monitor sends
 * it again.
 */
class RawFormsMigrationTest {

    MigrationSchema schema;
    JdbcClient jdbc;

    @BeforeEach
    void migrateAFreshSchemaToV13() {
        schema = MigrationSchema.at("13");
        jdbc = schema.jdbc();
    }

    @AfterEach
    void dropSchema() {
        schema.close();
    }

    void insertOld(String url, @Nullable Long ts) {
        jdbc.sql("""
                        INSERT INTO notification (id, received_at, ts, raw_url, normalized_url, code, host, reply)
                        VALUES (gen_random_uuid(), now(), :ts, :url, :url, 503, 'example', 'ok')
                        """).param("ts", ts, java.sql.Types.BIGINT).param("url", url).update();
    }

    @Test
    void keepsEveryStoredTsToTheMillisecondAndRecognizesItsChecksAgain() {
        insertOld("http://example.com", 1385139152L);
        insertOld("http://example.com", null);

        schema.migrateTo("17");

        assertThat(jdbc.sql("SELECT ts, ts_ms, raw_ts, raw_code, ts_skewed FROM notification ORDER BY ts")
                        .query()
                        .listOfRows())
                .containsExactly(row(1385139152L, 1385139152000L), row(null, null));
        // The same check again: the duplicate index, now on the URL's digest and ts_ms, refuses it.
        assertThatThrownBy(() -> jdbc.sql("""
                                INSERT INTO notification (id, received_at, ts, ts_ms, raw_url, normalized_url, code, host,
                                                          reply)
                                VALUES (gen_random_uuid(), now(), 1385139152, 1385139152000, 'example.com',
                                        'http://example.com', 503, 'EXAMPLE', 'ok')
                                """).update()).isInstanceOf(DuplicateKeyException.class);
        // ts and ts_ms cannot disagree.
        assertThatThrownBy(() -> jdbc.sql("""
                                INSERT INTO notification (id, received_at, ts, ts_ms, raw_url, normalized_url, code, reply)
                                VALUES (gen_random_uuid(), now(), 1385139152, 1385139153000, 'example.com',
                                        'http://example.com', 503, 'ok')
                                """).update()).isInstanceOf(DataIntegrityViolationException.class);
    }

    /** A migrated row: nothing claimed as sent, not skewed. */
    static Map<String, Object> row(@Nullable Long ts, @Nullable Long tsMillis) {
        Map<String, Object> row = new HashMap<>();
        row.put("ts", ts);
        row.put("ts_ms", tsMillis);
        row.put("raw_ts", null);
        row.put("raw_code", null);
        row.put("ts_skewed", false);
        return row;
    }
}
