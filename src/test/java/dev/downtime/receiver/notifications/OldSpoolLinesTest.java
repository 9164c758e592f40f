package dev.downtime.receiver.notifications;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.downtime.receiver.PostgresIntegrationTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A spool written by a version that kept no forms as sent is replayed, through the application's
 * own JSON settings, into rows that still take part in duplicate detection.
 */
class OldSpoolLinesTest extends PostgresIntegrationTest {

    @Autowired
    NotificationSpool spool;

    @Autowired
    NotificationInserter inserter;

    @Test
    void replaysLinesWrittenBeforeTheFormsAsSentWereKept(@TempDir Path directory) throws Exception {
        Path segment = directory.resolve("segment-00000000000000000000.jsonl");
        Files.writeString(segment, """
                {"id":"0195a2b4-6c00-7000-8000-000000000001","receivedAt":"2026-03-01T12:00:00Z","ts":1772366400,\
                "rawUrl":"http://example.com","normalizedUrl":"http://example.com","code":503,"host":"example",\
                "type":"http","reply":"2026-03-01T13:00:00Z","windowIds":[],"remoteAddress":"127.0.0.1",\
                "foreignHost":false}
                """, StandardCharsets.UTF_8);
        List<NotificationRecord> read = new ArrayList<>();

        spool.read(
                segment,
                10,
                chunk -> {
                    read.addAll(chunk);
                    inserter.insert(chunk);
                },
                unreadable -> fail("an old line was unreadable: " + unreadable));

        assertThat(read).hasSize(1);
        assertThat(jdbc.sql("SELECT ts, ts_ms, raw_ts, raw_code, ts_skewed FROM notification")
                        .query()
                        .singleRow())
                .containsEntry("ts", 1772366400L)
                .containsEntry("ts_ms", 1772366400000L)
                .containsEntry("raw_ts", null)
                .containsEntry("raw_code", null)
                .containsEntry("ts_skewed", false);
        // Monitor sending that check again gets the answer the replayed one got.
        assertThat(postWebhook("{\"ts\":1772366400,\"url\":\"http://example.com\",\"code\":503,\"host\":\"example\"}")
                        .body())
                .isEqualTo("2026-03-01T13:00:00Z");
        assertThat(jdbc.sql("SELECT count(*) FROM notification")
                        .query(Long.class)
                        .single())
                .isEqualTo(1);
    }
}
