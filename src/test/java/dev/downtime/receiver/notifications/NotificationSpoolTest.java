package dev.downtime.receiver.notifications;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.unit.DataSize;
import tools.jackson.databind.json.JsonMapper;

class NotificationSpoolTest {

    static final JsonMapper JSON = JsonMapper.builder().build();

    static NotificationRecord record(int i) {
        return new NotificationRecord(
                UUID.randomUUID(),
                Instant.parse("2026-03-01T12:00:00Z").plusSeconds(i),
                1700000000L + i,
                "http://n" + i + ".example.com",
                "http://n" + i + ".example.com",
                503,
                "host",
                "http",
                "ok",
                List.of(UUID.randomUUID()),
                "127.0.0.1",
                i % 3 == 0);
    }

    static NotificationSpool spool(Path directory, DataSize maxSize) throws IOException {
        return new NotificationSpool(new SpoolProperties(directory, maxSize, Duration.ofSeconds(1)), JSON);
    }

    static List<NotificationRecord> readAll(NotificationSpool spool) {
        List<NotificationRecord> read = new ArrayList<>();
        for (Path segment : spool.closeAndListSegments()) {
            spool.read(segment, 7, read::addAll);
        }
        return read;
    }

    @Test
    void keepsWhatItAcknowledgesAcrossARestart(@TempDir Path directory) throws Exception {
        NotificationSpool spool = spool(directory, DataSize.ofMegabytes(1));
        List<NotificationRecord> written = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            written.add(record(i));
            assertThat(spool.append(written.getLast())).isTrue();
        }
        spool.close();

        NotificationSpool reopened = spool(directory, DataSize.ofMegabytes(1));

        assertThat(reopened.depth()).isEqualTo(20);
        assertThat(readAll(reopened)).containsExactlyElementsOf(written);
    }

    @Test
    void countsExactlyWhatItDropsOnceFull(@TempDir Path directory) throws Exception {
        long lineSize = JSON.writeValueAsBytes(record(0)).length + 1;
        NotificationSpool spool = spool(directory, DataSize.ofBytes(lineSize * 10 + lineSize / 2));

        int kept = 0;
        for (int i = 0; i < 25; i++) {
            if (spool.append(record(i))) {
                kept++;
            }
        }

        assertThat(kept).isEqualTo(10);
        assertThat(spool.depth()).isEqualTo(10);
        assertThat(spool.dropped()).isEqualTo(15);
    }

    @Test
    void skipsATornLastLineThatWasNeverAcknowledged(@TempDir Path directory) throws Exception {
        NotificationSpool spool = spool(directory, DataSize.ofMegabytes(1));
        NotificationRecord kept = record(1);
        spool.append(kept);
        Path segment = spool.closeAndListSegments().getFirst();
        Files.writeString(segment, "{\"id\":\"0190", StandardCharsets.UTF_8, StandardOpenOption.APPEND);

        assertThat(readAll(spool)).containsExactly(kept);
    }

    @Test
    void keepsTheFormsAsSentAndTheSkewAcrossARestart(@TempDir Path directory) throws Exception {
        NotificationSpool spool = spool(directory, DataSize.ofMegabytes(1));
        NotificationRecord written = new NotificationRecord(
                UUID.randomUUID(),
                Instant.parse("2026-03-01T12:00:00Z"),
                1772366400L,
                " http://example.com ",
                "http://example.com",
                0,
                "42",
                "http",
                "ok",
                List.of(),
                "127.0.0.1",
                false,
                1772366400250L,
                "\"1772366400.25\"",
                "\"0\"",
                true);
        spool.append(written);
        spool.close();

        assertThat(readAll(spool(directory, DataSize.ofMegabytes(1)))).containsExactly(written);
    }

    /** A spool written before tsMillis, rawTs, rawCode and tsSkewed existed is replayed as it was meant. */
    @Test
    void readsLinesWrittenBeforeTheFormsAsSentWereKept(@TempDir Path directory) throws Exception {
        String id = "0195a2b4-6c00-7000-8000-000000000001";
        Files.writeString(
                directory.resolve("segment-00000000000000000000.jsonl"), """
                {"id":"%s","receivedAt":"2026-03-01T12:00:00Z","ts":1772366400,"rawUrl":"example.com",\
                "normalizedUrl":"http://example.com","code":503,"host":"example","type":"http","reply":"ok",\
                "windowIds":[],"remoteAddress":"127.0.0.1","foreignHost":false}
                {"id":"0195a2b4-6c00-7000-8000-000000000002","receivedAt":"2026-03-01T12:00:01Z","ts":null,\
                "rawUrl":"example.com","normalizedUrl":"http://example.com","code":0,"host":null,"type":null,\
                "reply":"ok","windowIds":[],"remoteAddress":null,"foreignHost":true}
                """.formatted(id), StandardCharsets.UTF_8);

        List<NotificationRecord> read = readAll(spool(directory, DataSize.ofMegabytes(1)));

        assertThat(read).hasSize(2);
        assertThat(read.get(0).id()).isEqualTo(UUID.fromString(id));
        assertThat(read.get(0).ts()).isEqualTo(1772366400L);
        assertThat(read.get(0).tsMillis()).isEqualTo(1772366400000L);
        assertThat(read.get(0).rawTs()).isNull();
        assertThat(read.get(0).rawCode()).isNull();
        assertThat(read.get(0).tsSkewed()).isFalse();
        assertThat(read.get(1).ts()).isNull();
        assertThat(read.get(1).tsMillis()).isNull();
        assertThat(read.get(1).foreignHost()).isTrue();
    }

    @Test
    void forgetsASegmentOnceRemoved(@TempDir Path directory) throws Exception {
        NotificationSpool spool = spool(directory, DataSize.ofMegabytes(1));
        spool.append(record(1));
        spool.append(record(2));

        for (Path segment : spool.closeAndListSegments()) {
            spool.remove(segment);
        }

        assertThat(spool.depth()).isZero();
        assertThat(spool.closeAndListSegments()).isEmpty();
        assertThat(spool.append(record(3))).isTrue();
        assertThat(spool.depth()).isEqualTo(1);
    }
}
