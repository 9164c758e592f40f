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
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.unit.DataSize;
import tools.jackson.databind.json.JsonMapper;

class NotificationSpoolTest {

    static final JsonMapper JSON = JsonMapper.builder().build();

    static NotificationRecord record(int i) {
        return NotificationRecord.of(
                UUID.randomUUID(),
                new ReceivedNotification(
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
                        i % 3 == 0));
    }

    static NotificationSpool spool(Path directory, DataSize maxSize) throws IOException {
        return new NotificationSpool(new SpoolProperties(directory, maxSize, Duration.ofSeconds(1)), JSON);
    }

    static NotificationSpool spool(Path directory, FailingChannel.Faults faults) throws IOException {
        return new NotificationSpool(
                new SpoolProperties(directory, DataSize.ofMegabytes(1), Duration.ofSeconds(1)), JSON, faults.opener());
    }

    /** What replay would find: the notifications, and the lines it would quarantine. */
    record Read(List<NotificationRecord> records, List<NotificationSpool.UnreadableLine> unreadable) {}

    static Read readEverything(NotificationSpool spool) {
        List<NotificationRecord> records = new ArrayList<>();
        List<NotificationSpool.UnreadableLine> unreadable = new ArrayList<>();
        for (Path segment : spool.closeAndListSegments()) {
            spool.read(segment, 7, records::addAll, unreadable::add);
        }
        return new Read(records, unreadable);
    }

    static List<NotificationRecord> readAll(NotificationSpool spool) {
        Read read = readEverything(spool);
        assertThat(read.unreadable()).isEmpty();
        return read.records();
    }

    /** Appends {@code count} notifications numbered from {@code from}; returns those acknowledged. */
    static List<NotificationRecord> append(NotificationSpool spool, int from, int count) {
        List<NotificationRecord> acknowledged = new ArrayList<>();
        for (int i = from; i < from + count; i++) {
            NotificationRecord record = record(i);
            if (spool.append(record)) {
                acknowledged.add(record);
            }
        }
        return acknowledged;
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
    void handsOverATornLastLineThatWasNeverAcknowledgedAsUnreadable(@TempDir Path directory) throws Exception {
        NotificationSpool spool = spool(directory, DataSize.ofMegabytes(1));
        NotificationRecord kept = record(1);
        spool.append(kept);
        Path segment = spool.closeAndListSegments().getFirst();
        Files.writeString(segment, "{\"id\":\"0190", StandardCharsets.UTF_8, StandardOpenOption.APPEND);

        Read read = readEverything(spool);

        assertThat(read.records()).containsExactly(kept);
        assertThat(read.unreadable()).singleElement().satisfies(line -> {
            assertThat(new String(line.bytes(), StandardCharsets.UTF_8)).isEqualTo("{\"id\":\"0190");
            assertThat(line.reason()).contains("without its newline");
        });
    }

    @Test
    void readsOnPastLinesThatAreNotNotifications(@TempDir Path directory) throws Exception {
        NotificationSpool spool = spool(directory, DataSize.ofMegabytes(1));
        NotificationRecord first = record(1);
        NotificationRecord last = record(2);
        spool.append(first);
        Path segment = spool.closeAndListSegments().getFirst();
        byte[] good = JSON.writeValueAsBytes(last);
        // "é" is two bytes in UTF-8: keep only its first one, as a torn write would.
        byte[] tornCharacter = "{\"rawUrl\":\"http://caf\u00e9".getBytes(StandardCharsets.UTF_8);
        tornCharacter = java.util.Arrays.copyOf(tornCharacter, tornCharacter.length - 1);
        try (var out = Files.newOutputStream(segment, StandardOpenOption.APPEND)) {
            out.write(tornCharacter);
            out.write('\n');
            out.write("not json at all\n".getBytes(StandardCharsets.UTF_8));
            out.write("{\"code\":503,\"foreignHost\":false}\n".getBytes(StandardCharsets.UTF_8));
            out.write("null\n".getBytes(StandardCharsets.UTF_8));
            out.write(good);
            out.write('\n');
            out.write(tornCharacter); // and a torn end of the file
        }

        Read read = readEverything(spool);

        assertThat(read.records()).containsExactly(first, last);
        assertThat(read.unreadable())
                .extracting(NotificationSpool.UnreadableLine::reason)
                .satisfiesExactly(
                        reason -> assertThat(reason).contains("not UTF-8"),
                        reason -> assertThat(reason).contains("not a notification"),
                        reason -> assertThat(reason).isEqualTo("no id"),
                        reason -> assertThat(reason).isEqualTo("no notification"),
                        reason -> assertThat(reason).contains("without its newline"));
        assertThat(read.unreadable().getFirst().bytes()).isEqualTo(tornCharacter);
        assertThat(read.unreadable().getFirst().offset()).isEqualTo(JSON.writeValueAsBytes(first).length + 1);
        // The same line of the same segment always gets the same quarantine id.
        assertThat(readEverything(spool).unreadable())
                .extracting(NotificationSpool.UnreadableLine::id)
                .containsExactlyElementsOf(read.unreadable().stream()
                        .map(NotificationSpool.UnreadableLine::id)
                        .toList());
    }

    @Test
    void cutsAWriteThatFailedHalfWayBackSoThatTheNextLineIsWhole(@TempDir Path directory) throws Exception {
        FailingChannel.Faults faults = new FailingChannel.Faults();
        NotificationSpool spool = spool(directory, faults);
        List<NotificationRecord> acknowledged = new ArrayList<>(append(spool, 0, 3));

        // Both the write and the one on a new segment fail half-way: not kept, counted as dropped.
        faults.writes.set(2);
        assertThat(spool.append(record(3))).isFalse();
        acknowledged.addAll(append(spool, 4, 3));

        assertThat(acknowledged).hasSize(6);
        assertThat(spool.dropped()).isEqualTo(1);
        assertThat(spool.depth()).isEqualTo(6);
        assertThat(readAll(spool)).containsExactlyElementsOf(acknowledged);
    }

    @Test
    void writesABatchAgainToANewSegmentWhenAWriteFailsHalfWay(@TempDir Path directory) throws Exception {
        FailingChannel.Faults faults = new FailingChannel.Faults();
        NotificationSpool spool = spool(directory, faults);
        List<NotificationRecord> acknowledged = new ArrayList<>(append(spool, 0, 2));

        faults.writes.set(1);
        acknowledged.addAll(append(spool, 2, 3));

        assertThat(acknowledged).hasSize(5);
        assertThat(spool.dropped()).isZero();
        assertThat(spool.closeAndListSegments()).hasSize(2);
        assertThat(readAll(spool)).containsExactlyElementsOf(acknowledged);
    }

    @Test
    void takesAFailedFsyncForAFailedWrite(@TempDir Path directory) throws Exception {
        FailingChannel.Faults faults = new FailingChannel.Faults();
        NotificationSpool spool = spool(directory, faults);
        List<NotificationRecord> acknowledged = new ArrayList<>(append(spool, 0, 2));

        // The line is written whole, but not known to be on disk: it is cut off again and written
        // to a new segment, so that it is read back once.
        faults.forces.set(1);
        acknowledged.addAll(append(spool, 2, 2));

        assertThat(acknowledged).hasSize(4);
        assertThat(readAll(spool)).containsExactlyElementsOf(acknowledged);
    }

    @Test
    void leavesATornEndThatCouldNotBeCutAtTheEndOfAClosedSegment(@TempDir Path directory) throws Exception {
        FailingChannel.Faults faults = new FailingChannel.Faults();
        NotificationSpool spool = spool(directory, faults);
        List<NotificationRecord> acknowledged = new ArrayList<>(append(spool, 0, 2));

        faults.writes.set(1);
        faults.truncates.set(1);
        acknowledged.addAll(append(spool, 2, 3));

        assertThat(acknowledged).hasSize(5);
        assertThat(spool.depth()).isEqualTo(5);
        Read read = readEverything(spool);
        // Each acknowledged notification once; the torn half of the failed write, which was
        // written again whole to the next segment, is handed over as unreadable.
        assertThat(read.records()).containsExactlyElementsOf(acknowledged);
        assertThat(read.unreadable())
                .singleElement()
                .satisfies(line -> assertThat(line.segment())
                        .isEqualTo(spool.closeAndListSegments()
                                .getFirst()
                                .getFileName()
                                .toString()));
        for (Path segment : spool.closeAndListSegments()) {
            spool.remove(segment);
        }
        assertThat(spool.depth()).isZero();
        assertThat(spool.hasSegments()).isFalse();
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

    /** The admin API writes rawTs and rawCode as raw JSON: a line whose forms are not JSON values is damage. */
    @Test
    void handsOverALineWhoseFormAsSentIsNotAJsonNumberOrStringAsUnreadable(@TempDir Path directory) throws Exception {
        NotificationSpool spool = spool(directory, DataSize.ofMegabytes(1));
        NotificationRecord good = withForms(record(1), "1772366400.25", "\"503\"");
        spool.append(good);
        spool.append(withForms(record(2), "1772366400,\"injected\":1", "503"));
        spool.append(withForms(record(3), null, "[503]"));
        spool.append(withForms(record(4), "\"1772366400", "503"));

        Read read = readEverything(spool);

        assertThat(read.records()).containsExactly(good);
        assertThat(read.unreadable())
                .extracting(NotificationSpool.UnreadableLine::reason)
                .containsExactly(
                        "rawTs is not a JSON number or string",
                        "rawCode is not a JSON number or string",
                        "rawTs is not a JSON number or string");
    }

    static NotificationRecord withForms(NotificationRecord n, @Nullable String rawTs, String rawCode) {
        return new NotificationRecord(
                n.id(),
                n.receivedAt(),
                n.ts(),
                n.rawUrl(),
                n.normalizedUrl(),
                n.code(),
                n.host(),
                n.type(),
                n.reply(),
                n.windowIds(),
                n.remoteAddress(),
                n.foreignHost(),
                n.tsMillis(),
                rawTs,
                rawCode,
                n.tsSkewed());
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
