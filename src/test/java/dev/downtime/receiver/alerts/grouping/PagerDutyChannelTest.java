package dev.downtime.receiver.alerts.grouping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The PagerDuty channel against a fake Events API on loopback: what it posts, how it takes each answer. */
class PagerDutyChannelTest {

    static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");
    static final String ROUTING_KEY = "R0UT1NGKEY0123456789abcdefABCDEF";
    static final URI BASE = URI.create("https://receiver.example");
    static final GroupKey GROUP = new GroupKey("host", "h1");

    record Received(String method, String path, String contentType, String body) {}

    record Answer(int status, Map<String, String> headers, String body) {}

    final JsonMapper json = JsonMapper.builder().build();
    final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
    final BlockingQueue<Answer> answers = new LinkedBlockingQueue<>();
    HttpServer server;
    PagerDutyChannel channel;

    @BeforeEach
    void startFakePagerDuty() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/v2/enqueue", exchange -> {
            received.add(new Received(
                    exchange.getRequestMethod(),
                    exchange.getRequestURI().getPath(),
                    exchange.getRequestHeaders().getFirst("Content-Type"),
                    new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
            Answer answer = answers.poll();
            if (answer == null) {
                answer = new Answer(202, Map.of(), "{\"status\":\"success\",\"message\":\"Event processed\"}");
            }
            answer.headers()
                    .forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
            byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(answer.status(), body.length == 0 ? -1 : body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        URI url = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/v2/enqueue");
        HttpClient http = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        channel = new PagerDutyChannel(
                http, new PagerDutyProperties(ROUTING_KEY, url), BASE, json, Duration.ofSeconds(5));
    }

    @AfterEach
    void stopFakePagerDuty() {
        server.stop(0);
    }

    static GroupMessage.Site site(String url, boolean confirmed) {
        return new GroupMessage.Site(url, "h1", T0, confirmed ? T0.plusSeconds(20) : null, null);
    }

    static GroupMessage message(GroupMessage.Kind kind, List<GroupMessage.Site> down, List<GroupMessage.Site> back) {
        return new GroupMessage(
                GROUP,
                kind,
                1,
                T0.plusSeconds(30),
                T0,
                down,
                down,
                back,
                down.size(),
                (int) down.stream().filter(GroupMessage.Site::confirmed).count(),
                down.size(),
                back.size(),
                "/api/v1/incidents?state=open&host=h1&since=2026-11-25T10%3A00%3A00Z");
    }

    static GroupingEngine.Outgoing outgoing(GroupMessage message) {
        return new GroupingEngine.Outgoing(UUID.randomUUID(), "pagerduty", message);
    }

    Received deliveredOnce() throws InterruptedException {
        Received request = received.poll(5, TimeUnit.SECONDS);
        assertThat(request).isNotNull();
        assertThat(received).isEmpty();
        return request;
    }

    @Test
    void triggersAnAlertKeyedByTheGroupWithPagerDutysSchema() throws Exception {
        List<GroupMessage.Site> down =
                List.of(site("https://a.example/<!channel>", true), site("https://b.example/a\r\nb\u202E", false));

        channel.deliver(outgoing(message(GroupMessage.Kind.OPENED, down, List.of())));

        Received request = deliveredOnce();
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.contentType()).isEqualTo("application/json");
        assertThat(json.readTree(request.body())).isEqualTo(json.readTree("""
                {
                  "routing_key": "R0UT1NGKEY0123456789abcdefABCDEF",
                  "dedup_key": "downtime-receiver/host=h1",
                  "event_action": "trigger",
                  "payload": {
                    "summary": "2 sites down, 1 confirmed by our own checks — host h1",
                    "source": "host h1",
                    "severity": "critical",
                    "timestamp": "2026-11-25T10:00:30Z",
                    "group": "host=h1",
                    "class": "site down",
                    "custom_details": {
                      "group": "host=h1",
                      "down": 2,
                      "confirmed": 1,
                      "newly_down": 2,
                      "back": 0,
                      "first_alert_at": "2026-11-25T10:00:00Z",
                      "sites_down": ["https://a.example/<!channel>", "https://b.example/a\\r\\nb\\u202E"],
                      "sites_down_not_listed": 0,
                      "sites_back": [],
                      "sites_back_not_listed": 0,
                      "incidents": "https://receiver.example/api/v1/incidents?state=open&host=h1&since=2026-11-25T10%3A00%3A00Z"
                    }
                  },
                  "links": [
                    {
                      "href": "https://receiver.example/api/v1/incidents?state=open&host=h1&since=2026-11-25T10%3A00%3A00Z",
                      "text": "Incidents in downtime-receiver"
                    }
                  ],
                  "client": "downtime-receiver",
                  "client_url": "https://receiver.example"
                }
                """));
    }

    @Test
    void resolvesTheGroupsAlertWhenEverySiteIsBack() throws Exception {
        channel.deliver(
                outgoing(message(GroupMessage.Kind.RESOLVED, List.of(), List.of(site("https://a.example", false)))));

        assertThat(json.readTree(deliveredOnce().body())).isEqualTo(json.readTree("""
                {"routing_key": "R0UT1NGKEY0123456789abcdefABCDEF",
                 "dedup_key": "downtime-receiver/host=h1",
                 "event_action": "resolve"}
                """));
    }

    @Test
    void givesUpAtOnceOnAnInvalidEvent() {
        answers.add(new Answer(
                400, Map.of(), "{\"status\":\"invalid event\",\"errors\":[\"'payload.summary' is missing\"]}"));
        assertThatThrownBy(() -> channel.deliver(outgoing(
                        message(GroupMessage.Kind.OPENED, List.of(site("https://a.example", false)), List.of()))))
                .isInstanceOfSatisfying(DeliveryException.class, e -> {
                    assertThat(e.permanent()).isTrue();
                    assertThat(e.status()).isEqualTo(400);
                })
                .hasMessageContaining("HTTP 400")
                .hasMessageContaining("payload.summary")
                .hasMessageNotContaining(ROUTING_KEY);
    }

    @ParameterizedTest(name = "HTTP {0}, Retry-After {1}")
    @CsvSource(textBlock = """
            429, 30
            429, 'Wed, 25 Nov 2026 10:02:00 GMT'
            429,
            500,
            502, 5
            503, 120
            404,
            200,
            """)
    void triesAgainOnRateLimitsAndServerErrorsHandingOnRetryAfter(int status, String retryAfter) {
        answers.add(new Answer(status, retryAfter == null ? Map.of() : Map.of("Retry-After", retryAfter), ""));
        assertThatThrownBy(() -> channel.deliver(outgoing(
                        message(GroupMessage.Kind.OPENED, List.of(site("https://a.example", false)), List.of()))))
                .isInstanceOfSatisfying(DeliveryException.class, e -> {
                    assertThat(e.permanent()).isFalse();
                    assertThat(e.status()).isEqualTo(status);
                    assertThat(e.retryAfter()).isEqualTo(retryAfter);
                });
    }

    @ParameterizedTest(name = "{1} of {0} confirmed: {2}")
    @CsvSource(textBlock = """
            1,    1,    critical
            2,    1,    critical
            10,   5,    critical
            10,   4,    error
            3000, 1,    error
            3,    0,    warning
            """)
    void ratesSeverityByTheShareOfSitesOurChecksConfirmed(int down, int confirmed, String severity) {
        assertThat(PagerDutyEvent.severity(down, confirmed)).isEqualTo(severity);
        List<GroupMessage.Site> sites = IntStream.range(0, down)
                .mapToObj(i -> site("https://s" + i + ".example", i < confirmed))
                .toList();
        JsonNode event = json.valueToTree(
                PagerDutyEvent.of(message(GroupMessage.Kind.UPDATED, sites, List.of()), ROUTING_KEY, null));
        assertThat(event.get("payload").get("severity").asString()).isEqualTo(severity);
    }

    @Test
    void keepsWithinPagerDutysLimitsWhateverTheGroupAndSites() {
        GroupKey longGroup = new GroupKey("label:server", "x".repeat(2000));
        List<GroupMessage.Site> sites = IntStream.range(0, 3000)
                .mapToObj(i -> site("https://s" + i + ".example/" + "p".repeat(4000), false))
                .toList();
        GroupMessage message = new GroupMessage(
                longGroup,
                GroupMessage.Kind.OPENED,
                1,
                T0,
                T0,
                sites,
                sites,
                List.of(),
                sites.size(),
                0,
                sites.size(),
                0,
                "/api/v1/incidents?state=open");

        JsonNode event = json.valueToTree(PagerDutyEvent.of(message, ROUTING_KEY, BASE));

        assertThat(event.get("payload").get("summary").asString())
                .hasSizeLessThanOrEqualTo(1024)
                .endsWith("…");
        assertThat(event.get("dedup_key").asString())
                .hasSizeLessThanOrEqualTo(255)
                .isEqualTo(PagerDutyEvent.dedupKey(new GroupKey("label:server", "x".repeat(2000))))
                .isNotEqualTo(PagerDutyEvent.dedupKey(new GroupKey("label:server", "x".repeat(1999))));
        assertThat(event.get("payload").get("custom_details").get("sites_down")).hasSize(20);
        assertThat(event.get("payload")
                        .get("custom_details")
                        .get("sites_down_not_listed")
                        .asInt())
                .isEqualTo(2980);
        assertThat(json.writeValueAsBytes(event).length)
                .as("PagerDuty takes 512 KB at most")
                .isLessThan(512 * 1024);
    }

    @Test
    void refusesToStartWithoutARoutingKey() {
        assertThatThrownBy(() -> new PagerDutyChannel(
                        HttpClient.newHttpClient(),
                        new PagerDutyProperties(" ", URI.create("https://events.pagerduty.com/v2/enqueue")),
                        null,
                        json,
                        Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("receiver.alerts.pagerduty.routing-key");
    }
}
