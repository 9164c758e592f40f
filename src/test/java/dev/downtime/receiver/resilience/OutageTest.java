package dev.downtime.receiver.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.downtime.receiver.resilience.Burst.Sent;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.IntPredicate;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a mass outage does to the receiver when its PostgreSQL fails: every request still gets
 * the right answer in time, and every acknowledged notification ends up stored exactly once.
 * Each test runs its own embedded PostgreSQL, never the machine's shared server.
 */
class OutageTest {

    /** Even notifications are for sites under maintenance, odd ones not. */
    static String notification(String run, int i) {
        String site = i % 2 == 0 ? "covered.test" : "plain.test";
        return "{\"ts\":1700000000,\"url\":\"http:\\/\\/n" + i + "." + run + "." + site
                + "\\/\",\"code\":503,\"host\":\"h\"}";
    }

    static String expectedReply(int i, String until) {
        return i % 2 == 0 ? until : "ok";
    }

    static String rowsOf(String run) {
        return "FROM notification WHERE raw_url LIKE 'http://n%." + run + ".%'";
    }

    static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static void assertAnsweredCorrectly(List<Sent> sent, int count, String until) {
        assertThat(sent).hasSize(count);
        assertThat(sent).allSatisfy(s -> {
            assertThat(s.status()).as("status of #%d", s.index()).isEqualTo(200);
            assertThat(s.body()).as("reply to #%d", s.index()).isEqualTo(expectedReply(s.index(), until));
        });
    }

    static void assertStoredExactlyOnce(ControlledPostgres postgres, String run, long count) {
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> assertThat(postgres.count("SELECT count(*) " + rowsOf(run)))
                        .isEqualTo(count));
        assertThat(postgres.count("SELECT count(DISTINCT raw_url) " + rowsOf(run)))
                .isEqualTo(count);
    }

    @Test
    void keepsEveryNotificationWhenPostgresStopsMidBurst(@TempDir Path data) throws InterruptedException {
        try (ControlledPostgres postgres = ControlledPostgres.start();
                ReceiverInstance receiver = ReceiverInstance.start(postgres.jdbcUrl(), data)) {
            String until = Receivers.createWindow(receiver.base(), "*.covered.test");

            List<Sent> sent = Burst.post(
                    receiver.webhook(), 2500, 32, Duration.ofMillis(20), i -> notification("stop", i), 400, () -> {
                        postgres.stop();
                        sleep(Duration.ofSeconds(2));
                        postgres.startAgain();
                    });

            assertAnsweredCorrectly(sent, 2500, until);
            assertThat(receiver.stored("spooled"))
                    .as("spooled during the outage")
                    .isPositive();
            assertThat(receiver.stored("committed")).isPositive();
            assertStoredExactlyOnce(postgres, "stop", 2500);
        }
    }

    /**
     * A notification PostgreSQL refuses for what it holds, spooled during an outage, neither stops
     * replay nor holds up the others: it is quarantined, and every other one is stored once. A
     * CHECK constraint stands for any such refusal (a value over a limit, a NUL character).
     */
    @Test
    void quarantinesRefusedNotificationsSpooledDuringAnOutageAndReplaysTheRest(@TempDir Path data)
            throws InterruptedException {
        try (ControlledPostgres postgres = ControlledPostgres.start();
                ReceiverInstance receiver = ReceiverInstance.start(postgres.jdbcUrl(), data)) {
            String until = Receivers.createWindow(receiver.base(), "*.covered.test");
            postgres.execute("ALTER TABLE notification ADD CONSTRAINT test_refuses_marked_rows"
                    + " CHECK (position('refuse-me' in raw_url) = 0) NOT VALID");
            IntPredicate refused = i -> i % 10 == 7;
            int count = 1500;

            List<Sent> sent = Burst.post(
                    receiver.webhook(),
                    count,
                    16,
                    Duration.ofMillis(10),
                    i -> refused.test(i)
                            ? notification("quarantine", i).replace("\\/n" + i + ".", "\\/n" + i + ".refuse-me.")
                            : notification("quarantine", i),
                    300,
                    () -> {
                        postgres.stop();
                        sleep(Duration.ofSeconds(2));
                        postgres.startAgain();
                    });

            assertAnsweredCorrectly(sent, count, until);
            assertThat(receiver.stored("spooled"))
                    .as("spooled during the outage")
                    .isPositive();
            long refusedCount = IntStream.range(0, count).filter(refused).count();
            await().atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(200))
                    .untilAsserted(() -> {
                        assertThat(postgres.count("SELECT count(*) " + rowsOf("quarantine")))
                                .isEqualTo(count - refusedCount);
                        assertThat(postgres.count("SELECT count(*) FROM notification_quarantine"))
                                .isEqualTo(refusedCount);
                    });
            assertThat(postgres.count("SELECT count(DISTINCT raw_url) " + rowsOf("quarantine")))
                    .isEqualTo(count - refusedCount);
            assertThat(postgres.count("SELECT count(*) " + rowsOf("quarantine") + " AND raw_url LIKE '%refuse-me%'"))
                    .isZero();
            assertThat(postgres.count("SELECT count(*) FROM notification_quarantine WHERE stage = 'replay'"))
                    .as("refused on replay")
                    .isPositive();
            await().atMost(Duration.ofSeconds(10))
                    .pollInterval(Duration.ofMillis(200))
                    .untilAsserted(() -> assertThat(tools.jackson.databind.json.JsonMapper.builder()
                                    .build()
                                    .readTree(Receivers.get(receiver.base().resolve("/actuator/health/readiness"))
                                            .body())
                                    .path("status")
                                    .asString())
                            .isEqualTo("UP"));
        }
    }

    @Test
    void neverWaitsOnAHungPostgresLongerThanTheBound(@TempDir Path data) throws InterruptedException {
        try (ControlledPostgres postgres = ControlledPostgres.start();
                ReceiverInstance receiver = ReceiverInstance.start(postgres.jdbcUrl(), data)) {
            String until = Receivers.createWindow(receiver.base(), "*.covered.test");

            // Frozen longer than pgjdbc's socket timeout is short: without the bound, requests
            // would wait the whole freeze.
            List<Sent> sent = Burst.post(
                    receiver.webhook(), 2000, 16, Duration.ofMillis(10), i -> notification("freeze", i), 300, () -> {
                        postgres.freeze();
                        sleep(Duration.ofSeconds(4));
                        postgres.thaw();
                    });

            assertAnsweredCorrectly(sent, 2000, until);
            long slowest = sent.stream().mapToLong(Sent::nanos).max().orElseThrow();
            // The bound is 1 s; the margin is for this shared, noisy machine, well under the 4 s freeze.
            assertThat(Duration.ofNanos(slowest)).isLessThan(Duration.ofMillis(2000));
            assertThat(receiver.stored("spooled"))
                    .as("spooled during the freeze")
                    .isPositive();
            assertStoredExactlyOnce(postgres, "freeze", 2000);
        }
    }

    @Test
    void replaysEveryAcknowledgedNotificationAfterAHardKill(@TempDir Path data) throws InterruptedException {
        try (ControlledPostgres postgres = ControlledPostgres.start()) {
            String until;
            List<Sent> sent;
            try (ReceiverProcess first = ReceiverProcess.start(postgres.jdbcUrl(), data)) {
                until = Receivers.createWindow(first.base(), "*.covered.test");
                // With PostgreSQL down, every acknowledged notification lives only in the spool.
                postgres.stop();
                sent = Burst.post(
                        first.webhook(),
                        1500,
                        16,
                        Duration.ofMillis(5),
                        i -> notification("kill", i),
                        400,
                        first::kill);
            }
            List<Sent> acknowledged = sent.stream().filter(Sent::acknowledged).toList();
            assertThat(acknowledged).hasSizeGreaterThanOrEqualTo(400);
            assertThat(acknowledged).allSatisfy(s -> assertThat(s.body()).isEqualTo(expectedReply(s.index(), until)));

            postgres.startAgain();
            try (ReceiverProcess second = ReceiverProcess.start(postgres.jdbcUrl(), data)) {
                String acknowledgedUrls = acknowledged.stream()
                        .map(s -> "'http://n" + s.index() + ".kill." + (s.index() % 2 == 0 ? "covered" : "plain")
                                + ".test/'")
                        .reduce((a, b) -> a + "," + b)
                        .orElseThrow();
                await().atMost(Duration.ofSeconds(30))
                        .pollInterval(Duration.ofMillis(200))
                        .untilAsserted(
                                () -> assertThat(postgres.count("SELECT count(*) FROM notification WHERE raw_url IN ("
                                                + acknowledgedUrls + ")"))
                                        .isEqualTo(acknowledged.size()));
                assertThat(postgres.count("SELECT count(*) - count(DISTINCT raw_url) " + rowsOf("kill")))
                        .isZero();
            }
        }
    }

    @Test
    void appliesAWindowCreatedThroughAnotherInstanceWithinOneSecond(@TempDir Path data) {
        try (ControlledPostgres postgres = ControlledPostgres.start();
                // Refreshing hourly: only LISTEN/NOTIFY can bring the change in time.
                ReceiverInstance a = ReceiverInstance.start(
                        postgres.jdbcUrl(), data.resolve("a"), "--receiver.maintenance.refresh-interval=1h");
                ReceiverInstance b = ReceiverInstance.start(
                        postgres.jdbcUrl(), data.resolve("b"), "--receiver.maintenance.refresh-interval=1h")) {
            // Each poll a new check (its own ts): the same one again would be a duplicate.
            java.util.concurrent.atomic.AtomicInteger polls = new java.util.concurrent.atomic.AtomicInteger();
            java.util.function.Supplier<String> json =
                    () -> notification("two", 0).replace("1700000000", Integer.toString(polls.incrementAndGet()));
            assertThat(Receivers.postNotification(b.base(), json.get()).body()).isEqualTo("ok");

            String until = Receivers.createWindow(a.base(), "*.covered.test");
            long committed = System.nanoTime();

            await().atMost(Duration.ofSeconds(1))
                    .pollInterval(Duration.ofMillis(20))
                    .untilAsserted(() -> assertThat(Receivers.postNotification(b.base(), json.get())
                                    .body())
                            .isEqualTo(until));
            assertThat(Duration.ofNanos(System.nanoTime() - committed)).isLessThan(Duration.ofSeconds(1));
        }
    }

    @Test
    void refusesAdminChangesWhilePostgresIsDownAndChangesNothing(@TempDir Path data) {
        try (ControlledPostgres postgres = ControlledPostgres.start();
                ReceiverInstance receiver = ReceiverInstance.start(postgres.jdbcUrl(), data)) {
            postgres.stop();

            var refused = Receivers.send(HttpRequest.newBuilder(receiver.base().resolve("/api/v1/maintenance-windows"))
                    .header("Authorization", "Bearer " + Receivers.TOKEN)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(
                            // A valid window: only the database can be what refuses it.
                            "{\"scope\":\"host\",\"target\":\"h\",\"endsAt\":\""
                                    + java.time.Instant.now().plus(java.time.Duration.ofHours(1)) + "\"}"))
                    .build());

            assertThat(refused.statusCode()).isEqualTo(503);
            assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(refused.body()).contains("nothing was changed").doesNotContain("Exception");
            // The webhook keeps answering meanwhile.
            assertThat(Receivers.postNotification(receiver.base(), notification("admin", 1))
                            .body())
                    .isEqualTo("ok");

            postgres.startAgain();
            assertThat(postgres.count("SELECT count(*) FROM maintenance_window"))
                    .isZero();
        }
    }

    @Test
    void startsWithoutPostgresAndAnswersFromTheSnapshot(@TempDir Path data) {
        try (ControlledPostgres postgres = ControlledPostgres.start()) {
            String until;
            try (ReceiverInstance first = ReceiverInstance.start(postgres.jdbcUrl(), data)) {
                until = Receivers.createWindow(first.base(), "*.covered.test");
            }
            postgres.stop();

            long start = System.nanoTime();
            try (ReceiverInstance second = ReceiverInstance.start(postgres.jdbcUrl(), data)) {
                URI readiness = second.base().resolve("/actuator/health/readiness");
                var ready = Receivers.getAsAdmin(readiness);
                String reply = Receivers.postNotification(second.base(), notification("snapshot", 0))
                        .body();
                Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

                assertThat(ready.statusCode()).isEqualTo(200);
                assertThat(ready.body()).contains("\"DEGRADED\"").contains("\"source\":\"snapshot\"");
                assertThat(reply).isEqualTo(until);
                assertThat(elapsed).isLessThan(Duration.ofSeconds(10));

                postgres.startAgain();
                await().atMost(Duration.ofSeconds(30))
                        .pollInterval(Duration.ofMillis(200))
                        .untilAsserted(
                                () -> assertThat(Receivers.getAsAdmin(readiness).body())
                                        .contains("\"status\":\"UP\"")
                                        .contains("\"source\":\"database\""));
                assertStoredExactlyOnce(postgres, "snapshot", 1);
            }
        }
    }
}
