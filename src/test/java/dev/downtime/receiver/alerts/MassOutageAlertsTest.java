package dev.downtime.receiver.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.jayway.jsonpath.JsonPath;
import com.sun.net.httpserver.HttpServer;
import dev.downtime.receiver.IntegrationTest;
import dev.downtime.receiver.PostgresIntegrationTest;
import dev.downtime.receiver.incidents.Incidents;
import dev.downtime.receiver.incidents.Verdict;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/**
 * Issue 13's mass outage, end to end: 3,000 distinct sites on three servers reported down within
 * 10 s, through the webhook, the incidents' fold and the alert groups, to a webhook channel on
 * loopback. Time is the test's clock; the background jobs step groups and deliver as it moves.
 */
@TestPropertySource(
        properties = {
            "receiver.alerts.dispatch-interval=100ms",
            "receiver.alerts.group-by=host",
            "receiver.alerts.webhook.secret=" + AlertDeliveryTest.SECRET
        })
@DirtiesContext
class MassOutageAlertsTest extends PostgresIntegrationTest {

    static final int SITES = 3_000;
    static final List<String> HOSTS = List.of("dc-a", "dc-b", "dc-c");
    static final List<String> RECEIVED = new CopyOnWriteArrayList<>();
    static final HttpServer RECEIVER = start();

    static HttpServer start() {
        return Loopback.server(exchange -> {
            RECEIVED.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
    }

    @DynamicPropertySource
    static void channel(DynamicPropertyRegistry registry) {
        registry.add(
                "receiver.alerts.webhook.url",
                () -> "http://127.0.0.1:" + RECEIVER.getAddress().getPort() + "/hook");
    }

    @AfterAll
    static void stop() {
        RECEIVER.stop(0);
    }

    @Autowired
    Incidents incidents;

    /** Site {@code i}'s notification, on server {@code i % 3}. */
    String notification(int i, int code) {
        return "{\"ts\":" + clock.instant().getEpochSecond() + ",\"url\":\"http://site" + i + ".test\",\"code\":" + code
                + ",\"host\":\"" + HOSTS.get(i % HOSTS.size()) + "\"}";
    }

    /** Every site reports {@code code}, a tenth of them each second from {@code start}, eight at a time. */
    void everySiteReports(int code, Instant start) throws Exception {
        try (ExecutorService posters = Executors.newFixedThreadPool(8)) {
            for (int second = 0; second < 10; second++) {
                clock.set(start.plusSeconds(second));
                List<Future<Integer>> posted = new ArrayList<>();
                for (int i = second; i < SITES; i += 10) {
                    String body = notification(i, code);
                    posted.add(posters.submit(() -> postWebhook(body).statusCode()));
                }
                for (Future<Integer> status : posted) {
                    assertThat(status.get()).isEqualTo(200);
                }
            }
        }
        await().atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> count("event_publication") == 0);
    }

    List<String> messagesOfType(String type) {
        return RECEIVED.stream()
                .filter(body -> JsonPath.<String>read(body, "$.type").equals(type))
                .toList();
    }

    /** Lets the jobs run with the clock standing at {@code at}, and gives every message received so far. */
    List<String> messagesBy(Instant at, int expected) {
        clock.set(at);
        await().atMost(Duration.ofSeconds(60)).until(() -> RECEIVED.size() >= expected);
        // Nothing more comes at this time: the one message per group is all there is.
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).until(() -> RECEIVED.size() == expected);
        return List.copyOf(RECEIVED);
    }

    static Set<String> urls(List<String> messages, String path) {
        return messages.stream()
                .flatMap(body -> JsonPath.<List<String>>read(body, path).stream())
                .collect(Collectors.toSet());
    }

    @Test
    void threeThousandSitesDownGiveOneMessagePerGroupAndOneResolutionPerGroup() throws Exception {
        everySiteReports(503, IntegrationTest.T0);
        assertThat(count("incident")).isEqualTo(SITES);

        // Within group-wait of the first alert, nothing.
        clock.set(IntegrationTest.T0.plusSeconds(29));
        await().during(Duration.ofSeconds(1)).until(RECEIVED::isEmpty);

        List<String> opened = messagesBy(IntegrationTest.T0.plusSeconds(30), HOSTS.size());
        assertThat(opened)
                .extracting(body -> JsonPath.<String>read(body, "$.group.key"))
                .containsExactlyInAnyOrder("host=dc-a", "host=dc-b", "host=dc-c");
        assertThat(opened).allSatisfy(body -> {
            assertThat(JsonPath.<String>read(body, "$.type")).isEqualTo("alert-group.opened");
            assertThat(JsonPath.<Integer>read(body, "$.down")).isEqualTo(SITES / HOSTS.size());
        });
        assertThat(urls(opened, "$.sitesDown[*].url")).hasSize(SITES);

        // Our own checks confirm 30 sites of the first server: one update, group-interval after the opening.
        List<UUID> confirmed = jdbc.sql("SELECT id FROM incident WHERE host = 'dc-a' ORDER BY id LIMIT 30")
                .query(UUID.class)
                .list();
        clock.set(IntegrationTest.T0.plus(Duration.ofMinutes(2)));
        confirmed.forEach(id -> incidents.recordCheck(id, Verdict.CONFIRMED, clock.instant()));
        await().atMost(Duration.ofSeconds(30)).until(() -> count("event_publication") == 0);
        clock.set(IntegrationTest.T0.plus(Duration.ofMinutes(5)).plusSeconds(29));
        await().during(Duration.ofSeconds(1)).until(() -> RECEIVED.size() == HOSTS.size());
        List<String> updated = messagesBy(
                        IntegrationTest.T0.plus(Duration.ofMinutes(5)).plusSeconds(30), 4)
                .subList(3, 4);
        assertThat(JsonPath.<String>read(updated.getFirst(), "$.type")).isEqualTo("alert-group.updated");
        assertThat(JsonPath.<String>read(updated.getFirst(), "$.group.key")).isEqualTo("host=dc-a");
        assertThat(JsonPath.<Integer>read(updated.getFirst(), "$.confirmed")).isEqualTo(30);

        // All back: one resolution per group, together listing every site.
        everySiteReports(200, IntegrationTest.T0.plus(Duration.ofMinutes(20)));
        messagesBy(IntegrationTest.T0.plus(Duration.ofMinutes(20)).plusSeconds(30), 7);
        List<String> resolved = messagesOfType("alert-group.resolved");
        assertThat(resolved)
                .extracting(body -> JsonPath.<String>read(body, "$.group.key"))
                .containsExactlyInAnyOrder("host=dc-a", "host=dc-b", "host=dc-c");
        assertThat(urls(resolved, "$.back[*].url")).hasSize(SITES);
        assertThat(body(mvc.get().uri("/actuator/prometheus").exchange()))
                .contains(
                        "receiver_alerts_group_messages_total{kind=\"opened\"} 3.0",
                        "receiver_alerts_group_messages_total{kind=\"updated\"} 1.0",
                        "receiver_alerts_group_messages_total{kind=\"resolved\"} 3.0");

        // Closed groups are not repeated.
        messagesBy(IntegrationTest.T0.plus(Duration.ofHours(6)), 7);
        Map<String, Long> perGroup = RECEIVED.stream()
                .collect(Collectors.groupingBy(body -> JsonPath.read(body, "$.group.key"), Collectors.counting()));
        assertThat(perGroup)
                .containsOnly(Map.entry("host=dc-a", 3L), Map.entry("host=dc-b", 2L), Map.entry("host=dc-c", 2L));
        Set<String> ids = new HashSet<>();
        RECEIVED.forEach(
                body -> assertThat(ids.add(JsonPath.read(body, "$.id"))).isTrue());
        assertThat(IntStream.range(0, SITES)
                        .mapToObj(i -> "http://site" + i + ".test")
                        .collect(Collectors.toSet()))
                .isEqualTo(urls(opened, "$.sitesDown[*].url"));
    }
}
