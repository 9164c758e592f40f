package dev.downtime.receiver.verification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.downtime.receiver.IntegrationTest;
import dev.downtime.receiver.PostgresIntegrationTest;
import dev.downtime.receiver.incidents.Incidents;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

// A context of its own, closed after its tests: the checks it starts cannot outlive it into the next
// class's data, nor what other classes left behind reach it.
@TestPropertySource(properties = "spring.application.name=verification-test")
@DirtiesContext
class VerificationTest extends PostgresIntegrationTest {

    @Autowired
    TransactionTemplate transaction;

    @Autowired
    Incidents incidents;

    VerificationScheduler scheduler;

    final java.util.concurrent.atomic.AtomicInteger reports = new java.util.concurrent.atomic.AtomicInteger();

    VerificationScheduler scheduler(int concurrency, int... ports) {
        List<Integer> allowed = new java.util.ArrayList<>(List.of(80, 443));
        for (int port : ports) {
            allowed.add(port);
        }
        VerificationProperties properties = new VerificationProperties(
                true,
                Duration.ofSeconds(3),
                Duration.ofMinutes(5),
                Duration.ofHours(24),
                concurrency,
                false,
                3,
                allowed,
                List.of(),
                true,
                "downtime-receiver/0.1 (site verification)");
        scheduler = new VerificationScheduler(
                jdbc,
                transaction,
                properties,
                clock,
                new SiteChecker(new TargetGuard(properties, HostResolver.SYSTEM), properties),
                incidents,
                meters);
        scheduler.start();
        return scheduler;
    }

    final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    @AfterEach
    void stop() {
        if (scheduler != null) {
            scheduler.stop();
        }
    }

    /**
     * Reports a failure and waits for it to be folded into an open incident, and the incident into
     * the queue of checks. Each report is a new check (its own ts), or it would be a duplicate of
     * the previous one.
     */
    void reportDown(String url) {
        int ts = reports.incrementAndGet();
        assertThat(postWebhook("{\"ts\":" + ts + ",\"url\":\"" + url + "\",\"code\":503}")
                        .statusCode())
                .isEqualTo(200);
        awaitEventsHandled();
        assertThat(openIncidents(url)).isEqualTo(1);
    }

    /** The open incident's entry in the queue of checks. */
    Map<String, Object> due(String url) {
        return jdbc.sql("""
                        SELECT d.* FROM verification_due d JOIN incident i ON i.id = d.incident_id
                         WHERE i.normalized_url = :url AND i.closed_at IS NULL
                        """).param("url", url).query().singleRow();
    }

    long openIncidents(String url) {
        return jdbc.sql("SELECT count(*) FROM incident WHERE normalized_url = :url AND closed_at IS NULL")
                .param("url", url)
                .query(Long.class)
                .single();
    }

    Map<String, Object> incident(String url) {
        return jdbc.sql("SELECT * FROM incident WHERE normalized_url = :url AND closed_at IS NULL")
                .param("url", url)
                .query()
                .singleRow();
    }

    long checksOf(String url) {
        return jdbc.sql("SELECT count(*) FROM verification WHERE url = :url")
                .param("url", url)
                .query(Long.class)
                .single();
    }

    @Test
    void confirmsAnOutageItSeesTooAndChecksAgainLater() {
        try (LoopbackServer site = LoopbackServer.answering("127.0.0.1", 503)) {
            String url = "http://127.0.0.1:" + site.port() + "/down";
            reportDown(url);
            scheduler(8, site.port()).startDueChecks();

            await().atMost(Duration.ofSeconds(5)).until(() -> checksOf(url) == 1);
            assertThat(incident(url)).containsEntry("verdict", "confirmed").containsEntry("up_from_our_side_at", null);
            // The pipeline's checks-by-verdict counter (issue 13, point 3).
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> meters.counter("receiver.verification.checks", "verdict", "confirmed")
                                    .count()
                            == 1);
            assertThat(due(url).get("next_check_at")).isNotNull();
            Map<String, Object> check =
                    jdbc.sql("SELECT * FROM verification").query().singleRow();
            assertThat(check)
                    .containsEntry("status", 503)
                    .containsEntry("method", "HEAD")
                    .containsEntry("error", null);
        }
    }

    @Test
    void keepsCheckingAnOpenIncidentAtTheIntervalAfterSeeingTheSiteUp() {
        try (LoopbackServer site = LoopbackServer.answering("127.0.0.1", 200)) {
            String url = "http://127.0.0.1:" + site.port() + "/up";
            reportDown(url);
            VerificationScheduler checks = scheduler(8, site.port());
            checks.startDueChecks();

            await().atMost(Duration.ofSeconds(5)).until(() -> checksOf(url) == 1);
            assertThat(incident(url)).containsEntry("verdict", "not-reproduced");
            assertThat(upFromOurSideAt(url)).isEqualTo(IntegrationTest.T0);

            clock.advance(Duration.ofMinutes(5).plusSeconds(1));
            checks.startDueChecks();

            await().atMost(Duration.ofSeconds(5)).until(() -> checksOf(url) == 2);
            // Up since the first check that saw it up.
            assertThat(upFromOurSideAt(url)).isEqualTo(IntegrationTest.T0);
        }
    }

    @Test
    void recordsWhenTheSiteAnswersAgainFromOurSideAndClearsItWhenItIsDownAgain() {
        AtomicInteger status = new AtomicInteger(503);
        try (LoopbackServer site = new LoopbackServer(
                "127.0.0.1", head -> "HTTP/1.1 " + status.get() + " X\r\nContent-Length: 0\r\n\r\n")) {
            String url = "http://127.0.0.1:" + site.port() + "/back";
            reportDown(url);
            VerificationScheduler checks = scheduler(8, site.port());
            checks.startDueChecks();
            await().atMost(Duration.ofSeconds(5)).until(() -> checksOf(url) == 1);
            assertThat(incident(url)).containsEntry("verdict", "confirmed").containsEntry("up_from_our_side_at", null);

            status.set(200);
            clock.advance(Duration.ofMinutes(6));
            Instant answeredAgain = clock.instant();
            checks.startDueChecks();
            await().atMost(Duration.ofSeconds(5)).until(() -> checksOf(url) == 2);

            assertThat(upFromOurSideAt(url)).isEqualTo(answeredAgain);
            assertThat(incident(url)).containsEntry("verdict", "confirmed"); // the first check's

            status.set(502);
            clock.advance(Duration.ofMinutes(6));
            checks.startDueChecks();
            await().atMost(Duration.ofSeconds(5)).until(() -> checksOf(url) == 3);

            assertThat(incident(url)).containsEntry("up_from_our_side_at", null);
        }
    }

    @Test
    void aLaterFailureBringsBackStoppedChecksNoSoonerThanTheIntervalAfterTheLastOne() {
        try (LoopbackServer site = LoopbackServer.answering("127.0.0.1", 503)) {
            String url = "http://127.0.0.1:" + site.port() + "/again";
            reportDown(url);
            VerificationScheduler checks = scheduler(8, site.port());
            checks.startDueChecks();
            await().atMost(Duration.ofSeconds(5)).until(() -> checksOf(url) == 1);
            // As an older version left incidents it had seen up: no check planned.
            jdbc.sql("UPDATE verification_due SET next_check_at = NULL").update();

            clock.advance(Duration.ofMinutes(1));
            reportDown(url);
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> ((Number) incident(url).get("notification_count")).intValue() == 2);

            assertThat(due(url).get("next_check_at")).isNotNull();
            checks.startDueChecks();
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> ((java.sql.Timestamp) due(url).get("next_check_at"))
                            .toInstant()
                            .equals(IntegrationTest.T0.plus(Duration.ofMinutes(5))));
            assertThat(checksOf(url)).isEqualTo(1);

            clock.set(IntegrationTest.T0.plus(Duration.ofMinutes(5)));
            checks.startDueChecks();
            await().atMost(Duration.ofSeconds(5)).until(() -> checksOf(url) == 2);
            assertThat(site.connections.get()).isEqualTo(2);
        }
    }

    @Test
    void stopsReCheckingAnIncidentMonitorHasNotReportedOnForADayUntilItReportsAgain() {
        try (LoopbackServer site = LoopbackServer.answering("127.0.0.1", 503)) {
            String url = "http://127.0.0.1:" + site.port() + "/forgotten";
            reportDown(url);
            VerificationScheduler checks = scheduler(8, site.port());
            checks.startDueChecks();
            await().atMost(Duration.ofSeconds(5)).until(() -> checksOf(url) == 1);

            // Still checked just before a day has passed since Monitor's report...
            clock.set(IntegrationTest.T0.plus(Duration.ofHours(24)).minusSeconds(1));
            checks.startDueChecks();
            await().atMost(Duration.ofSeconds(5)).until(() -> checksOf(url) == 2);

            // ...not after it: the incident stays open, with no check planned.
            clock.set(IntegrationTest.T0.plus(Duration.ofHours(24)).plus(Duration.ofMinutes(5)));
            assertThat(checks.startDueChecks()).isZero();
            assertThat(due(url)).containsEntry("next_check_at", null);
            assertThat(openIncidents(url)).isEqualTo(1);

            reportDown(url);
            await().atMost(Duration.ofSeconds(5)).until(() -> due(url).get("next_check_at") != null);
            checks.startDueChecks();
            await().atMost(Duration.ofSeconds(5)).until(() -> checksOf(url) == 3);
            assertThat(site.connections.get()).isEqualTo(3);
        }
    }

    Instant upFromOurSideAt(String url) {
        return ((java.sql.Timestamp) incident(url).get("up_from_our_side_at")).toInstant();
    }

    @Test
    void runsAtMostTheConfiguredNumberOfChecksAtOnceWithoutSlowingTheWebhook() throws Exception {
        try (LoopbackServer hanging = new LoopbackServer("127.0.0.1", head -> null)) {
            for (int i = 0; i < 20; i++) {
                reportDown("http://127.0.0.1:" + hanging.port() + "/site" + i);
            }
            VerificationScheduler checks = scheduler(3, hanging.port());

            for (int round = 0; round < 10; round++) {
                checks.startDueChecks();
                Thread.sleep(50);
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> hanging.concurrent.get() == 3);
            long start = System.nanoTime();
            HttpResponse<String> answer = postWebhook("{\"url\":\"other.test\",\"code\":503}");

            assertThat(answer.body()).isEqualTo("ok");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
            assertThat(hanging.maxConcurrent.get()).isEqualTo(3);
            assertThat(hanging.connections.get()).isEqualTo(3);
        }
    }

    @Test
    void checksAUrlAtMostOncePerIntervalWhateverItsIncidents() throws Exception {
        try (LoopbackServer site = LoopbackServer.answering("127.0.0.1", 503)) {
            String url = "http://127.0.0.1:" + site.port() + "/flapping";
            reportDown(url);
            VerificationScheduler checks = scheduler(8, site.port());
            checks.startDueChecks();
            await().atMost(Duration.ofSeconds(5)).until(() -> checksOf(url) == 1);

            // It recovers and fails again a minute later: a new incident, due at once...
            clock.advance(Duration.ofMinutes(1));
            assertThat(postWebhook("{\"url\":\"" + url + "\",\"code\":200}").statusCode())
                    .isEqualTo(200);
            await().atMost(Duration.ofSeconds(5)).until(() -> openIncidents(url) == 0);
            reportDown(url);
            checks.startDueChecks();
            Thread.sleep(500);

            // ...but the URL was checked a minute ago: the next check waits for the interval.
            assertThat(checksOf(url)).isEqualTo(1);
            assertThat(site.connections.get()).isEqualTo(1);
            assertThat(((java.sql.Timestamp) due(url).get("next_check_at")).toInstant())
                    .isAfter(clock.instant().plus(Duration.ofMinutes(3)));
        }
    }

    @Test
    void movesThroughABoundedSliceOfTheQueueInEachCycleHoweverLongTheQueueIs() {
        // A mass outage: a thousand incidents due at once, every URL checked a minute ago (so each
        // waits for its turn). One cycle looks at a bounded slice of the queue, oldest first, and
        // puts those off; the rest stay as they were until a later cycle comes to them.
        Instant now = clock.instant();
        int queued = 1_000;
        jdbc.sql("""
                        INSERT INTO verification_due (incident_id, url, last_code, last_reported_at, next_check_at)
                        SELECT gen_random_uuid(), 'https://site-' || i || '.test/', 503, :now,
                               :now - make_interval(secs => i)
                          FROM generate_series(1, :n) AS i
                        """)
                .param("now", java.time.OffsetDateTime.ofInstant(now, java.time.ZoneOffset.UTC))
                .param("n", queued)
                .update();
        jdbc.sql("""
                        INSERT INTO verification (id, incident_id, checked_at, url, status)
                        SELECT gen_random_uuid(), gen_random_uuid(), :checked, url, 503 FROM verification_due
                        """)
                .param("checked", java.time.OffsetDateTime.ofInstant(now.minusSeconds(60), java.time.ZoneOffset.UTC))
                .update();
        VerificationScheduler checks = scheduler(8);
        int slice = VerificationScheduler.scanned(8);

        assertThat(checks.startDueChecks()).isZero();
        assertThat(dueNow(now)).isEqualTo(queued - slice);
        // The oldest went first (site-i was due i seconds ago), each put off to the interval after
        // its URL's last check.
        assertThat(jdbc.sql("""
                                SELECT count(*) FROM verification_due
                                 WHERE next_check_at = :turn AND substring(url FROM 'site-([0-9]+)')::int > :n - :slice
                                """)
                        .param(
                                "turn",
                                java.time.OffsetDateTime.ofInstant(
                                        now.minusSeconds(60).plus(Duration.ofMinutes(5)), java.time.ZoneOffset.UTC))
                        .param("n", queued)
                        .param("slice", slice)
                        .query(Long.class)
                        .single())
                .isEqualTo(slice);

        assertThat(checks.startDueChecks()).isZero();
        assertThat(dueNow(now)).isEqualTo(queued - 2L * slice);
    }

    long dueNow(Instant now) {
        return jdbc.sql("SELECT count(*) FROM verification_due WHERE closed_at IS NULL AND next_check_at <= :now")
                .param("now", java.time.OffsetDateTime.ofInstant(now, java.time.ZoneOffset.UTC))
                .query(Long.class)
                .single();
    }
}
