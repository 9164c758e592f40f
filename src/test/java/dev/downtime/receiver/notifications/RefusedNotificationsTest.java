package dev.downtime.receiver.notifications;

import static org.assertj.core.api.Assertions.assertThat;

import dev.downtime.receiver.IntegrationTest;
import dev.downtime.receiver.PostgresIntegrationTest;
import dev.downtime.receiver.database.DatabaseAvailability;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A notification PostgreSQL refuses for what it holds is quarantined alone: every other one of its
 * batch, its burst or its spool segment is stored exactly once, and the database is not taken for
 * down. Refusals are real PostgreSQL ones: an index entry over the b-tree limit (54000), a NUL
 * character in text, and a CHECK constraint these tests add to the table (23514), which refuses
 * any URL holding {@value #MARK} whatever its length, so that the tests keep their meaning once
 * over-long values are refused at the door. Replay runs when a test says so.
 */
@TestPropertySource(properties = "receiver.spool.replay-interval=1h")
@DirtiesContext
class RefusedNotificationsTest extends PostgresIntegrationTest {

    static final String MARK = "refuse-me";

    @Autowired
    NotificationLog notificationLog;

    @Autowired
    NotificationInserter inserter;

    @Autowired
    NotificationSpool spool;

    @Autowired
    SpoolReplayer replayer;

    @Autowired
    SpoolProperties spoolProperties;

    @Autowired
    DatabaseAvailability database;

    @Autowired
    MeterRegistry meters;

    @Autowired
    JsonMapper json;

    @BeforeEach
    void refuseMarkedNotifications() throws IOException {
        dropTestConstraints();
        jdbc.sql("ALTER TABLE notification ADD CONSTRAINT test_refuses_marked_rows" + " CHECK (position('" + MARK
                        + "' in raw_url) = 0) NOT VALID")
                .update();
        Files.deleteIfExists(deadLetterFile());
    }

    @AfterEach
    void dropTestConstraints() {
        jdbc.sql("ALTER TABLE notification DROP CONSTRAINT IF EXISTS test_refuses_marked_rows")
                .update();
        jdbc.sql("ALTER TABLE notification_quarantine DROP CONSTRAINT IF EXISTS test_refuses_commit_stage")
                .update();
    }

    Path deadLetterFile() {
        return spoolProperties.directory().toAbsolutePath().resolve(NotificationQuarantine.DEAD_LETTER_FILE);
    }

    /** A row as the webhook would make it; {@code i} makes its URL and ts unique. */
    static NotificationRecord row(int i, String rawUrl, String host, String type) {
        return NotificationRecord.of(
                NotificationIds.next(IntegrationTest.T0),
                new ReceivedNotification(
                        IntegrationTest.T0,
                        1_700_000_000L + i,
                        rawUrl,
                        rawUrl,
                        503,
                        host,
                        type,
                        "ok",
                        List.of(),
                        "127.0.0.1",
                        false));
    }

    static NotificationRecord good(int i) {
        return row(i, "http://n" + i + ".example.com/", "h", "http");
    }

    /** Refused by the test's CHECK constraint. */
    static NotificationRecord marked(int i) {
        return row(i, "http://n" + i + "." + MARK + ".example.com/", "h", "http");
    }

    /** Refused by PostgreSQL itself: text cannot hold a NUL character. */
    static NotificationRecord withNul(int i) {
        return row(i, "http://n" + i + ".nul.example.com/", "h", "ht\0tp");
    }

    /**
     * Refused by PostgreSQL itself: the host's index entry is over the b-tree limit (2,704 bytes),
     * as the 3,000-character URL was. Random, so that it does not compress below it.
     */
    static NotificationRecord withHugeHost(int i) {
        Random random = new Random(i);
        String alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
        StringBuilder host = new StringBuilder();
        for (int c = 0; c < 4000; c++) {
            host.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return row(i, "http://n" + i + ".huge.example.com/", host.toString(), "http");
    }

    List<Map<String, Object>> quarantine() {
        return jdbc.sql("SELECT id, stage, sql_state, reason, encode(payload, 'escape') AS payload"
                        + " FROM notification_quarantine ORDER BY id")
                .query()
                .listOfRows();
    }

    long storedUrlsLike(String pattern) {
        return jdbc.sql("SELECT count(*) FROM notification WHERE raw_url LIKE :pattern")
                .param("pattern", pattern)
                .query(Long.class)
                .single();
    }

    double counter(String name, String... tags) {
        return meters.counter(name, tags).count();
    }

    void assertReady() {
        assertThat(database.available()).isTrue();
        HttpResponse<String> readiness =
                send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/health/readiness"))
                        .GET()
                        .build());
        assertThat(readiness.statusCode()).isEqualTo(200);
        assertThat(json.readTree(readiness.body()).path("status").asString()).isEqualTo("UP");
    }

    /** Posts {@code count} bodies from {@code clients} concurrent clients; the answers by index. */
    Map<Integer, HttpResponse<String>> burst(int count, int clients, IntFunction<String> body)
            throws InterruptedException {
        HttpClient http =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        Map<Integer, HttpResponse<String>> answers = new ConcurrentHashMap<>();
        AtomicInteger next = new AtomicInteger();
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int c = 0; c < clients; c++) {
                executor.submit(() -> {
                    for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                        answers.put(
                                i,
                                http.send(
                                        HttpRequest.newBuilder(
                                                        URI.create("http://localhost:" + port + "/webhooks/monitor"))
                                                .POST(HttpRequest.BodyPublishers.ofString(body.apply(i)))
                                                .build(),
                                        HttpResponse.BodyHandlers.ofString()));
                    }
                    return null;
                });
            }
        }
        return answers;
    }

    @Test
    void storesEveryOtherNotificationOfAConcurrentBurstOnceAndAnswersTheRefusedOnesAsUsual()
            throws InterruptedException {
        jdbc.sql("""
                        INSERT INTO maintenance_window (id, scope, target, starts_at, ends_at, created_by, created_at, updated_at)
                        VALUES (gen_random_uuid(), 'domain', '*.covered.test', :from, :to, 'sql', :from, :from)
                        """)
                .param("from", OffsetDateTime.ofInstant(IntegrationTest.T0.minus(Duration.ofHours(1)), ZoneOffset.UTC))
                .param("to", OffsetDateTime.ofInstant(IntegrationTest.T0.plus(Duration.ofHours(2)), ZoneOffset.UTC))
                .update();
        schedule.refresh();
        double quarantinedBefore = counter("receiver.notifications.stored", "result", "quarantined");
        double committedBefore = counter("receiver.notifications.stored", "result", "committed");
        int count = 400;
        IntFunction<Boolean> refused = i -> i % 7 == 3;

        Map<Integer, HttpResponse<String>> answers = burst(count, 32, i -> {
            String url = "http:\\/\\/n" + i + (refused.apply(i) ? "." + MARK : "")
                    + (i % 2 == 0 ? ".covered.test" : ".plain.test") + "\\/";
            return "{\"ts\":" + (1_700_000_000 + i) + ",\"url\":\"" + url + "\",\"code\":503,\"host\":\"h\"}";
        });

        long refusedCount = IntStream.range(0, count).filter(refused::apply).count();
        assertThat(answers).hasSize(count);
        answers.forEach((i, answer) -> {
            assertThat(answer.statusCode()).as("status of #%d", i).isEqualTo(200);
            assertThat(answer.body()).as("reply to #%d", i).isEqualTo(i % 2 == 0 ? "2026-03-01T14:00:00Z" : "ok");
        });
        assertThat(count("notification")).isEqualTo(count - refusedCount);
        assertThat(jdbc.sql("SELECT count(DISTINCT raw_url) FROM notification")
                        .query(Long.class)
                        .single())
                .isEqualTo(count - refusedCount);
        assertThat(storedUrlsLike("%" + MARK + "%")).isZero();
        assertThat(quarantine()).hasSize((int) refusedCount).allSatisfy(entry -> {
            assertThat(entry.get("stage")).isEqualTo("commit");
            assertThat(entry.get("sql_state")).isEqualTo("23514");
            assertThat((String) entry.get("reason")).contains("test_refuses_marked_rows");
            assertThat((String) entry.get("payload")).contains(MARK);
        });
        assertThat(counter("receiver.notifications.stored", "result", "quarantined") - quarantinedBefore)
                .isEqualTo(refusedCount);
        assertThat(counter("receiver.notifications.stored", "result", "committed") - committedBefore)
                .isEqualTo(count - refusedCount);
        assertThat(notificationLog.spoolDepth()).isZero();
        assertThat(notificationLog.dropped()).isZero();
        assertReady();
    }

    @Test
    void setsAsideOnlyTheRefusedRowsOfABatchWhateverPostgresRefusesThemFor() {
        List<NotificationRecord> rows = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            rows.add(
                    switch (i) {
                        case 5 -> withNul(i);
                        case 20 -> withHugeHost(i);
                        case 41, 63 -> marked(i);
                        default -> good(i);
                    });
        }

        NotificationInserter.Inserted inserted = inserter.insert(rows);

        assertThat(inserted.refused())
                .extracting(r -> r.row().id())
                .containsExactly(
                        rows.get(5).id(),
                        rows.get(20).id(),
                        rows.get(41).id(),
                        rows.get(63).id());
        assertThat(inserted.refused())
                .extracting(NotificationInserter.Refused::sqlState)
                .satisfiesExactly(
                        nul -> assertThat(nul).isEqualTo("22021"),
                        huge -> assertThat(huge).isEqualTo("54000"),
                        marked -> assertThat(marked).isEqualTo("23514"),
                        marked -> assertThat(marked).isEqualTo("23514"));
        assertThat(inserted.refused().get(1).reason()).contains("index row");
        assertThat(count("notification")).isEqualTo(60);

        // Sent again, as a replay would: nothing stored twice, the same rows refused.
        assertThat(inserter.insert(rows).refused()).hasSize(4);
        assertThat(count("notification")).isEqualTo(60);
    }

    @Test
    void answersTheCallerOfARefusedNotificationAndNeverTakesTheDatabaseForDown() {
        ReceivedNotification huge = received(withHugeHost(1));
        ReceivedNotification nul = received(withNul(2));
        ReceivedNotification fine = received(good(3));

        assertThat(notificationLog.record(huge).outcome()).isEqualTo(NotificationLog.Outcome.QUARANTINED);
        assertThat(notificationLog.record(nul).outcome()).isEqualTo(NotificationLog.Outcome.QUARANTINED);
        assertThat(notificationLog.record(fine).outcome()).isEqualTo(NotificationLog.Outcome.COMMITTED);

        assertThat(count("notification")).isEqualTo(1);
        // 22021: invalid byte sequence for encoding "UTF8": 0x00.
        assertThat(quarantine())
                .extracting(entry -> entry.get("sql_state"))
                .containsExactlyInAnyOrder("54000", "22021");
        assertThat(notificationLog.spoolDepth()).isZero();
        assertReady();
    }

    static ReceivedNotification received(NotificationRecord row) {
        return new ReceivedNotification(
                row.receivedAt(),
                row.ts(),
                row.rawUrl(),
                row.normalizedUrl(),
                row.code(),
                row.host(),
                row.type(),
                row.reply(),
                row.windowIds(),
                row.remoteAddress(),
                row.foreignHost());
    }

    @Test
    void replaysEveryReadableSpooledNotificationOnceAndQuarantinesTheRest() throws IOException {
        List<NotificationRecord> expected = new ArrayList<>();
        // The first segment: refused rows among good ones, and lines that are not notifications.
        for (int i = 0; i < 10; i++) {
            NotificationRecord row = switch (i) {
                case 3 -> marked(i);
                case 6 -> withNul(i);
                case 8 -> withHugeHost(i);
                default -> good(i);
            };
            assertThat(spool.append(row)).isTrue();
            if (i != 3 && i != 6 && i != 8) {
                expected.add(row);
            }
        }
        Path first = spool.closeAndListSegments().getFirst();
        byte[] tornCharacter = "{\"rawUrl\":\"http://caf\u00e9".getBytes(StandardCharsets.UTF_8);
        tornCharacter = Arrays.copyOf(tornCharacter, tornCharacter.length - 1);
        try (OutputStream out = Files.newOutputStream(first, StandardOpenOption.APPEND)) {
            out.write(tornCharacter);
            out.write('\n');
            out.write("garbage\n".getBytes(StandardCharsets.UTF_8));
        }
        // A second segment behind it, one of whose rows was committed already (a commit that
        // outlived its caller's wait, which then spooled it).
        for (int i = 10; i < 20; i++) {
            NotificationRecord row = i == 15 ? marked(i) : good(i);
            assertThat(spool.append(row)).isTrue();
            if (i != 15) {
                expected.add(row);
            }
        }
        inserter.insert(List.of(expected.getLast()));
        assertThat(spool.closeAndListSegments()).hasSize(2);

        replayer.replay();

        assertThat(jdbc.sql("SELECT id FROM notification").query(UUID.class).list())
                .containsExactlyInAnyOrderElementsOf(
                        expected.stream().map(NotificationRecord::id).toList());
        assertThat(quarantine())
                .extracting(entry -> entry.get("stage") + " " + entry.get("sql_state"))
                .containsExactlyInAnyOrder(
                        "replay 23514", "replay 23514", "replay 54000", "replay 22021", "spool null", "spool null");
        assertThat(spool.depth()).isZero();
        assertThat(spool.hasSegments()).isFalse();
        assertThat(spool.closeAndListSegments()).isEmpty();
        assertReady();
    }

    @Test
    void writesToTheDeadLetterFileWhatTheQuarantineTableRefusesToo() throws Exception {
        jdbc.sql("ALTER TABLE notification_quarantine ADD CONSTRAINT test_refuses_commit_stage"
                        + " CHECK (stage <> 'commit') NOT VALID")
                .update();
        double before = counter("receiver.notifications.quarantined", "stage", "commit", "store", "dead-letter");

        Map<Integer, HttpResponse<String>> answers = burst(
                20,
                4,
                i -> "{\"ts\":" + i + ",\"url\":\"http:\\/\\/n" + i + (i % 10 == 4 ? "." + MARK : "")
                        + ".example.com\",\"code\":503}");

        assertThat(answers.values())
                .allSatisfy(answer -> assertThat(answer.body()).isEqualTo("ok"));
        assertThat(count("notification")).isEqualTo(18);
        assertThat(count("notification_quarantine")).isZero();
        List<String> lines = Files.readAllLines(deadLetterFile());
        assertThat(lines).hasSize(2).allSatisfy(line -> {
            JsonNode entry = json.readTree(line);
            assertThat(entry.path("stage").asString()).isEqualTo("commit");
            assertThat(entry.path("sqlState").asString()).isEqualTo("23514");
            assertThat(entry.path("tableFailure").asString()).contains("test_refuses_commit_stage");
            String payload =
                    new String(Base64.getDecoder().decode(entry.path("payload").asString()), StandardCharsets.UTF_8);
            assertThat(json.readValue(payload, NotificationRecord.class).rawUrl())
                    .contains(MARK);
        });
        assertThat(counter("receiver.notifications.quarantined", "stage", "commit", "store", "dead-letter") - before)
                .isEqualTo(2);
        assertReady();
    }
}
