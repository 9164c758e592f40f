package dev.downtime.receiver.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import com.jayway.jsonpath.JsonPath;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.downtime.receiver.IntegrationTest;
import dev.downtime.receiver.PostgresIntegrationTest;
import dev.downtime.receiver.alerts.grouping.ChannelPacer;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/**
 * Grouped alerts to ops on every configured channel, from notifications to what the channels
 * receive: a signed webhook, Slack and email, all on loopback.
 */
@TestPropertySource(
        properties = {
            "receiver.incidents.overrun-check-interval=100ms",
            "receiver.alerts.dispatch-interval=100ms",
            "receiver.alerts.initial-backoff=1s",
            "receiver.alerts.group-wait=5s",
            "receiver.alerts.group-interval=10s",
            "receiver.alerts.repeat-interval=1h",
            "receiver.alerts.link-base-url=https://receiver.example",
            "receiver.alerts.webhook.secret=" + AlertDeliveryTest.SECRET,
            "receiver.alerts.email.to=ops@example.test",
            "receiver.alerts.email.from=receiver@example.test",
            "spring.mail.host=127.0.0.1"
        })
// Its background jobs run fast: closed after its tests, so they cannot touch the next class's data.
@DirtiesContext
class AlertDeliveryTest extends PostgresIntegrationTest {

    static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw2lkPq7s3r4g=";

    // A free port, not GreenMail's fixed 3025, so that test runs side by side do not collide; one
    // server for the class, since the application is told its port once (spring.mail.port below).
    @RegisterExtension
    static final GreenMailExtension MAIL =
            new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort()).withPerMethodLifecycle(false);

    record Received(String path, String body, String id, String timestamp, String signature) {}

    static final List<Received> RECEIVED = new CopyOnWriteArrayList<>();
    static final AtomicInteger FAILURES_TO_GIVE = new AtomicInteger();
    static final AtomicInteger RATE_LIMITED = new AtomicInteger();
    static final HttpServer RECEIVER = start();

    static HttpServer start() {
        return Loopback.server(AlertDeliveryTest::receive);
    }

    static void receive(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String path = exchange.getRequestURI().getPath();
        // PagerDuty's Events API answers 202 Accepted.
        int status = path.equals("/pagerduty") ? 202 : 200;
        if (path.equals("/hook") && RATE_LIMITED.getAndDecrement() > 0) {
            status = 429;
            exchange.getResponseHeaders().add("Retry-After", "120");
        } else if (path.equals("/hook") && FAILURES_TO_GIVE.getAndDecrement() > 0) {
            status = 500;
        } else {
            var headers = exchange.getRequestHeaders();
            RECEIVED.add(new Received(
                    exchange.getRequestURI().getPath(),
                    body,
                    headers.getFirst("webhook-id"),
                    headers.getFirst("webhook-timestamp"),
                    headers.getFirst("webhook-signature")));
        }
        exchange.sendResponseHeaders(status, -1);
        exchange.close();
    }

    @DynamicPropertySource
    static void channels(DynamicPropertyRegistry registry) {
        String base = Loopback.base(RECEIVER);
        registry.add("receiver.alerts.webhook.url", () -> base + "/hook");
        registry.add("receiver.alerts.slack.url", () -> base + "/slack");
        registry.add("receiver.alerts.pagerduty.url", () -> base + "/pagerduty");
        registry.add("receiver.alerts.pagerduty.routing-key", () -> "test-routing-key");
        registry.add("spring.mail.port", () -> MAIL.getSmtp().getPort());
    }

    @Autowired
    AlertDispatcher dispatcher;

    @Autowired
    ChannelPacer pacer;

    /**
     * Deliveries run outside any transaction, so a table reset does not wait for them: before and
     * after each test nothing more is claimed, and what was is let finish, so that no delivery of
     * one test (or of rows another test class left) lands in the next.
     */
    @BeforeEach
    void settleBefore() throws Exception {
        settle();
    }

    @AfterEach
    void settleAfter() throws Exception {
        settle();
    }

    void settle() throws Exception {
        jdbc.sql("DELETE FROM alert; DELETE FROM alert_group").update();
        await().atMost(Duration.ofSeconds(30)).until(() -> dispatcher.inFlight() == 0);
        RECEIVED.clear();
        MAIL.purgeEmailFromAllMailboxes();
        FAILURES_TO_GIVE.set(0);
        RATE_LIMITED.set(0);
        pacer.clear(); // each test starts its clock at T0 again
    }

    void notify(String url, int code) {
        assertThat(postWebhook("{\"ts\":" + clock.instant().getEpochSecond() + ",\"url\":\"" + url + "\",\"code\":"
                                + code + "}")
                        .statusCode())
                .isEqualTo(200);
    }

    /** Standard Webhooks: base64 of HMAC-SHA256, keyed with the base64 after {@code whsec_}. */
    static String hmacSha256(String secret, String signed) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring("whsec_".length())), "HmacSHA256"));
        return Base64.getEncoder().encodeToString(mac.doFinal(signed.getBytes(StandardCharsets.UTF_8)));
    }

    /** The example of the Standard Webhooks / Svix libraries, checked with openssl too. */
    @Test
    void signsTheWayTheStandardWebhooksLibrariesDo() throws Exception {
        String secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
        String id = "msg_p5jXN8AQM9LWM0D4loKWxJek";
        String timestamp = "1614265330";
        String payload = "{\"test\": 2432232314}";
        String expected = "g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

        assertThat(hmacSha256(secret, id + "." + timestamp + "." + payload)).isEqualTo(expected);
        assertThat(AlertChannelsConfiguration.SignedWebhookChannel.sign(
                        Base64.getDecoder().decode(secret.substring("whsec_".length())),
                        id,
                        timestamp,
                        payload.getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(expected);
    }

    List<Received> on(String path) {
        return RECEIVED.stream().filter(r -> r.path().equals(path)).toList();
    }

    /** The dispatcher's clock is the test's: move it on so that retries come due. */
    void awaitWithTimePassing(Runnable assertion) {
        await().atMost(Duration.ofSeconds(15))
                .pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> {
                    clock.advance(Duration.ofSeconds(1));
                    assertion.run();
                });
    }

    String incidentDetail() {
        String id = jdbc.sql("SELECT id FROM incident").query(String.class).single();
        return body(mvc.get()
                .uri("/api/v1/incidents/" + id)
                .header("Authorization", bearer())
                .exchange());
    }

    @Test
    void alertsOnEveryChannelGroupWaitAfterASiteGoesDownWithoutMaintenanceSigningTheWebhook() throws Exception {
        notify("http://down.test", 503);
        awaitEventsHandled();
        clock.advance(Duration.ofSeconds(4));
        await().during(Duration.ofMillis(500))
                .untilAsserted(() -> assertThat(RECEIVED).isEmpty());

        awaitWithTimePassing(() -> {
            assertThat(on("/hook")).hasSize(1);
            assertThat(on("/slack")).hasSize(1);
            assertThat(on("/pagerduty")).hasSize(1);
            assertThat(MAIL.getReceivedMessages()).hasSize(1);
        });

        String trigger = on("/pagerduty").getFirst().body();
        assertThat(JsonPath.<String>read(trigger, "$.event_action")).isEqualTo("trigger");
        assertThat(JsonPath.<String>read(trigger, "$.routing_key")).isEqualTo("test-routing-key");
        assertThat(JsonPath.<String>read(trigger, "$.dedup_key")).isEqualTo("downtime-receiver/host=");
        assertThat(JsonPath.<String>read(trigger, "$.payload.severity")).isEqualTo("warning");
        Received hook = on("/hook").getFirst();
        assertThat(JsonPath.<String>read(hook.body(), "$.type")).isEqualTo("alert-group.opened");
        assertThat(JsonPath.<List<String>>read(hook.body(), "$.sitesDown[*].url"))
                .containsExactly("http://down.test");
        assertThat(JsonPath.<String>read(hook.body(), "$.incidents"))
                .isEqualTo("https://receiver.example/api/v1/incidents?state=open&since=2026-03-01T12%3A00%3A00Z");
        assertThat(hook.id()).isEqualTo(JsonPath.read(hook.body(), "$.id"));
        assertThat(Long.parseLong(hook.timestamp()))
                .isBetween(IntegrationTest.T0.getEpochSecond(), clock.instant().getEpochSecond());
        // Checked as a receiver would, from the Standard Webhooks rules, not with our own signer.
        assertThat(hook.signature())
                .isEqualTo("v1," + hmacSha256(SECRET, hook.id() + "." + hook.timestamp() + "." + hook.body()));
        assertThat(JsonPath.<String>read(on("/slack").getFirst().body(), "$.text"))
                .contains("1 site down, 0 confirmed by our own checks — no host", "• http://down.test down since");
        MimeMessage mail = MAIL.getReceivedMessages()[0];
        assertThat(mail.getSubject())
                .isEqualTo("[downtime-receiver] 1 site down, 0 confirmed by our own checks — no host");
        assertThat(mail.getAllRecipients()[0].toString()).isEqualTo("ops@example.test");

        awaitWithTimePassing(() -> assertThat(JsonPath.<List<String>>read(incidentDetail(), "$.alerts[*].status"))
                .containsOnly("delivered")
                .hasSize(4));
        // Counted once per attempt, by channel (the series exist at 0 from the start).
        String scraped = body(mvc.get().uri("/actuator/prometheus").exchange());
        for (String channel : List.of("webhook", "slack", "email")) {
            assertThat(scraped)
                    .containsPattern(
                            "receiver_alerts_attempts_total\\{channel=\"" + channel + "\",outcome=\"delivered\"} [1-9]")
                    .contains("receiver_alerts_attempts_total{channel=\"" + channel + "\",outcome=\"given_up\"} 0.0");
        }
    }

    /**
     * Notification text is data on every channel: a crafted URL and host slug arrive, as a fake
     * Slack, webhook receiver and mail server get them, unable to mention {@code @channel}, render
     * a link, forge a line of the mail or reorder what is shown.
     */
    @Test
    void keepsWhatANotificationSaysDataOnEveryChannel() throws Exception {
        String host = "ops<!here>&<http://phish.test|x>\u2028Covered by maintenance: yes";
        assertThat(postWebhook("{\"ts\":" + clock.instant().getEpochSecond()
                                + ",\"url\":\"http://evil.test/<!channel>?a=<https://phish.test|click>&b=\u202Egnp.exe\""
                                + ",\"code\":503,\"host\":\"" + host + "\"}")
                        .statusCode())
                .isEqualTo(200);

        awaitWithTimePassing(() -> {
            assertThat(on("/hook")).hasSize(1);
            assertThat(on("/slack")).hasSize(1);
            assertThat(MAIL.getReceivedMessages()).hasSize(1);
        });

        // The webhook's JSON carries the text exactly, encoded as JSON: the receiver decides how to show it.
        String hook = on("/hook").getFirst().body();
        String url = JsonPath.read(hook, "$.sitesDown[0].url");
        assertThat(url).isEqualTo("http://evil.test/<!channel>?a=<https://phish.test|click>&b=\u202Egnp.exe");
        assertThat(JsonPath.<String>read(hook, "$.sitesDown[0].host")).isEqualTo(host);

        String text = JsonPath.read(on("/slack").getFirst().body(), "$.text");
        // All but the last line, our own link to the incidents.
        String slack = text.substring(0, text.lastIndexOf('\n'));
        assertThat(text.substring(text.lastIndexOf('\n') + 1))
                .startsWith("<https://receiver.example/api/v1/incidents?");
        assertThat(slack)
                .doesNotContain("<")
                .doesNotContain(">")
                .doesNotContain("\u202E")
                .contains(
                        "http://evil.test/&lt;!channel&gt;?a=&lt;https://phish.test|click&gt;&amp;b=[U+202E]gnp.exe down")
                .contains("host ops&lt;!here&gt;&amp;&lt;http://phish.test|x&gt;[U+2028]covered by maintenance: yes");

        MimeMessage mail = MAIL.getReceivedMessages()[0];
        assertThat(mail.getSubject())
                .isEqualTo("[downtime-receiver] 1 site down, 0 confirmed by our own checks — host"
                        + " ops<!here>&<http://phish.test|x>[U+2028]covered by maintenance: yes");
        assertThat(mail.getContentType()).startsWith("text/plain");
        String body = ((String) mail.getContent()).replace("\r\n", "\n");
        assertThat(body.lines().filter(line -> line.startsWith("covered by maintenance:")))
                .isEmpty();
        assertThat(body)
                .contains("  http://evil.test/<!channel>?a=<https://phish.test|click>&b=[U+202E]gnp.exe down since")
                .doesNotContain("\u2028")
                .doesNotContain("\u202E");
    }

    @Test
    void retriesWithBackoffUntilDeliveredAndShowsItOnTheIncident() {
        FAILURES_TO_GIVE.set(2);
        notify("http://retry.test", 0);

        awaitWithTimePassing(() -> assertThat(on("/hook")).hasSize(1));

        // The outcome is recorded once the receiver has answered.
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            String detail = incidentDetail();
            assertThat(JsonPath.<List<String>>read(detail, "$.alerts[?(@.channel == 'webhook')].status"))
                    .containsExactly("delivered");
            assertThat(JsonPath.<List<Integer>>read(detail, "$.alerts[?(@.channel == 'webhook')].attempts"))
                    .containsExactly(3);
        });
    }

    @Test
    void resolvesTheGroupOnceWhenItsSiteIsBack() {
        notify("http://back.test", 503);
        awaitWithTimePassing(() -> assertThat(on("/hook")).hasSize(1));
        notify("http://back.test", 502);

        notify("http://back.test", 200);

        awaitWithTimePassing(() -> assertThat(on("/hook")).hasSize(2));
        assertThat(JsonPath.<String>read(on("/hook").get(1).body(), "$.type")).isEqualTo("alert-group.resolved");
        assertThat(JsonPath.<List<String>>read(on("/hook").get(1).body(), "$.back[*].url"))
                .containsExactly("http://back.test");
        awaitWithTimePassing(() -> assertThat(on("/slack")).hasSize(2));
        awaitWithTimePassing(() -> assertThat(on("/pagerduty")).hasSize(2));
        String resolve = on("/pagerduty").get(1).body();
        assertThat(JsonPath.<String>read(resolve, "$.event_action")).isEqualTo("resolve");
        assertThat(JsonPath.<String>read(resolve, "$.dedup_key")).isEqualTo("downtime-receiver/host=");
        clock.advance(Duration.ofMinutes(2));
        await().during(Duration.ofSeconds(1))
                .untilAsserted(() -> assertThat(on("/hook")).hasSize(2));
    }

    @Test
    void aWebhookAnswering429IsTriedAgainOnlyAfterItsRetryAfter() {
        RATE_LIMITED.set(1);
        notify("http://busy.test", 503);
        awaitEventsHandled();
        clock.advance(Duration.ofSeconds(5));

        await().atMost(Duration.ofSeconds(15))
                .untilAsserted(() -> assertThat(jdbc.sql(
                                        "SELECT count(*) FROM alert WHERE channel = 'webhook' AND attempts = 1"
                                                + " AND last_error LIKE '%HTTP 429%' AND next_attempt_at = :retry")
                                .param(
                                        "retry",
                                        OffsetDateTime.ofInstant(clock.instant().plusSeconds(120), ZoneOffset.UTC))
                                .query(Long.class)
                                .single())
                        .isEqualTo(1));
        clock.advance(Duration.ofSeconds(119));
        await().during(Duration.ofSeconds(1))
                .untilAsserted(() -> assertThat(on("/hook")).isEmpty());

        clock.advance(Duration.ofSeconds(1));
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(on("/hook")).hasSize(1));
    }

    @Test
    void aSiteThatFailsAndRecoversWithinGroupWaitSendsNothing() {
        notify("http://flap.test", 503);
        clock.advance(Duration.ofSeconds(3));
        notify("http://flap.test", 200);
        awaitEventsHandled();

        clock.advance(Duration.ofMinutes(5));
        await().during(Duration.ofSeconds(2))
                .untilAsserted(() -> assertThat(RECEIVED).isEmpty());
        assertThat(jdbc.sql("SELECT count(*) FROM alert").query(Long.class).single())
                .isZero();
    }

    @Test
    void staysQuietWhileMaintenanceCoversAnOutageAndAlertsWhenItEndsWithTheSiteStillDown() {
        var now = OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
        jdbc.sql("""
                        INSERT INTO maintenance_window (id, scope, target, starts_at, ends_at, created_by, created_at, updated_at)
                        VALUES (:id, 'domain', 'planned.test', :now, :endsAt, 'sql', :now, :now)
                        """)
                .param("id", UUID.randomUUID())
                .param("now", now)
                .param("endsAt", now.plusMinutes(10))
                .update();
        schedule.refresh();
        notify("http://planned.test", 503);

        await().during(Duration.ofSeconds(1))
                .atMost(Duration.ofSeconds(2))
                .untilAsserted(() -> assertThat(RECEIVED).isEmpty());

        clock.advance(Duration.ofMinutes(10));
        awaitWithTimePassing(() -> assertThat(on("/hook")).hasSize(1));
        String hook = on("/hook").getFirst().body();
        assertThat(JsonPath.<String>read(hook, "$.type")).isEqualTo("alert-group.opened");
        assertThat(JsonPath.<List<String>>read(hook, "$.sitesDown[*].url")).containsExactly("http://planned.test");
        assertThat(JsonPath.<List<String>>read(hook, "$.sitesDown[*].downSince"))
                .containsExactly(IntegrationTest.T0.toString());
    }
}
