package dev.downtime.receiver.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.jayway.jsonpath.JsonPath;
import dev.downtime.receiver.PostgresIntegrationTest;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

/** The webhook as deployed on the public internet: path tokens, an address allowlist, expected hosts. */
@TestPropertySource(
        properties = {
            "receiver.webhook.tokens=" + WebhookTrustTest.TOKEN + "," + WebhookTrustTest.NEXT_TOKEN,
            "receiver.webhook.allowed-addresses=127.0.0.0/8,::1/128",
            "receiver.webhook.trusted-proxies=127.0.0.1/32",
            "receiver.webhook.expected-hosts=example,other-slug",
            "receiver.webhook.failed-auth-burst=10000",
            "receiver.access-log.enabled=true",
            "receiver.access-log.directory=target/test-data/${random.uuid}/access-log"
        })
// Its background jobs run fast: closed after its tests, so they cannot touch the next class's data.
@DirtiesContext
class WebhookTrustTest extends PostgresIntegrationTest {

    static final String TOKEN = "k7PqR2vX9mLw4TzY8nB3cD";
    static final String NEXT_TOKEN = "Zq1Wx2Ec3Rv4Tb5Yn6Um7I";
    /** Checked at 12:10Z, ten minutes ahead of the test clock: within the allowed clock skew. */
    static final String NOTIFICATION =
            "{\"ts\":1772367000,\"url\":\"http:\\/\\/example.com\",\"code\":503,\"host\":\"example\"}";

    HttpResponse<String> post(String path, String body, @Nullable String forwardedFor) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (forwardedFor != null) {
            request.header("X-Forwarded-For", forwardedFor);
        }
        return send(request.build());
    }

    void insertActiveWindow(String scope, String target) {
        var now = OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
        jdbc.sql("""
                        INSERT INTO maintenance_window (id, scope, target, starts_at, ends_at, created_by, created_at, updated_at)
                        VALUES (:id, :scope, :target, :now, :endsAt, 'sql', :now, :now)
                        """)
                .param("id", UUID.randomUUID())
                .param("scope", scope)
                .param("target", target)
                .param("now", now)
                .param("endsAt", now.plusHours(1))
                .update();
        schedule.refresh();
    }

    @Test
    void takesEitherTokenSoThatItCanBeRotatedWithoutDowntime() {
        assertThat(post("/webhooks/monitor/" + TOKEN, NOTIFICATION, null).body())
                .isEqualTo("ok");
        assertThat(post("/webhooks/monitor/" + NEXT_TOKEN, NOTIFICATION.replace("503", "502"), null)
                        .body())
                .isEqualTo("ok");
        assertThat(count("notification")).isEqualTo(2);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            missing token                 | /webhooks/monitor                                  | -
            empty token                   | /webhooks/monitor/                                 | -
            wrong token                   | /webhooks/monitor/not-the-token                    | -
            truncated token               | /webhooks/monitor/k7PqR2vX9mLw4TzY8nB3c            | -
            right length, wrong token     | /webhooks/monitor/k7PqR2vX9mLw4TzY8nB3cX           | -
            token with a suffix           | /webhooks/monitor/k7PqR2vX9mLw4TzY8nB3cD/x         | -
            another path                  | /webhooks/k7PqR2vX9mLw4TzY8nB3cD                   | -
            address not allowed           | /webhooks/monitor/k7PqR2vX9mLw4TzY8nB3cD           | 203.0.113.50
            spoofed chain, not allowed    | /webhooks/monitor/k7PqR2vX9mLw4TzY8nB3cD           | 127.0.0.9, 203.0.113.50
            """)
    void refusesEveryForgeryWithOneStatusAndBodyAndStoresNothing(
            String what, String path, @Nullable String forwardedFor) {
        HttpResponse<String> response = post(path, NOTIFICATION, forwardedFor);

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body()).isEqualTo("not found");
        assertThat(count("notification")).isZero();
    }

    @Test
    void recordsTheClientAddressGivenByATrustedProxy() {
        post("/webhooks/monitor/" + TOKEN, NOTIFICATION, "127.0.0.77");

        assertThat(jdbc.sql("SELECT remote_address FROM notification")
                        .query(String.class)
                        .single())
                .isEqualTo("127.0.0.77");
    }

    @Test
    void refusesOtherMethodsOnlyOnceTheTokenIsRight() {
        var right = send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/webhooks/monitor/" + TOKEN))
                .GET()
                .build());
        var wrong = send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/webhooks/monitor/nope"))
                .GET()
                .build());

        assertThat(right.statusCode()).isEqualTo(405);
        assertThat(wrong.statusCode()).isEqualTo(404);
        assertThat(wrong.body()).isEqualTo("not found");
    }

    /** Tomcat refuses TRACE before any filter masks the path; its error body must not echo it. */
    @Test
    void keepsTheTokenOutOfTheErrorBodyTomcatGivesToTrace() {
        var response =
                send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/webhooks/monitor/" + TOKEN))
                        .method("TRACE", HttpRequest.BodyPublishers.noBody())
                        .build());

        assertThat(response.statusCode()).isEqualTo(405);
        assertThat(response.body()).doesNotContain(TOKEN);
    }

    @Test
    void answersOkToAnUnexpectedHostEvenDuringItsMaintenanceAndMarksItForeign() {
        insertActiveWindow("domain", "example.com");
        insertActiveWindow("host", "intruder");

        String foreign = "{\"ts\":1,\"url\":\"http:\\/\\/example.com\",\"code\":503,\"host\":\"intruder\"}";
        assertThat(post("/webhooks/monitor/" + TOKEN, foreign, null).body()).isEqualTo("ok");
        assertThat(post("/webhooks/monitor/" + TOKEN, NOTIFICATION, null).body())
                .isEqualTo("2026-03-01T13:00:00Z");
        assertThat(post("/webhooks/monitor/" + TOKEN, NOTIFICATION.replace("example\"}", "OTHER-SLUG\"}"), null)
                        .body())
                .isEqualTo("2026-03-01T13:00:00Z");

        assertThat(jdbc.sql("SELECT host, foreign_host, reply, cardinality(window_ids) AS windows FROM notification"
                                + " WHERE host = 'intruder'")
                        .query()
                        .singleRow())
                .containsEntry("foreign_host", true)
                .containsEntry("reply", "ok")
                .containsEntry("windows", 0);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            unexpected slug | ,"host":"intruder"  | &host=intruder  | ok                   | true
            no slug         | ''                  | ''              | ok                   | true
            expected slug   | ,"host":"Example"   | &host=Example   | 2026-03-01T13:00:00Z | false
            """)
    void explainsTheSameAnswerAsTheWebhookGivesForTheHostSlug(
            String what, String hostField, String hostParam, String reply, boolean foreign) {
        insertActiveWindow("domain", "example.com");

        String notification = "{\"ts\":1,\"url\":\"http:\\/\\/example.com\",\"code\":503" + hostField + "}";
        assertThat(post("/webhooks/monitor/" + TOKEN, notification, null).body())
                .isEqualTo(reply);
        String decision = body(mvc.get()
                .uri("/api/v1/decision?url=example.com&code=503" + hostParam)
                .header("Authorization", bearer())
                .exchange());
        assertThat(JsonPath.<String>read(decision, "$.reply")).isEqualTo(reply);
        assertThat(JsonPath.<Boolean>read(decision, "$.foreignHost")).isEqualTo(foreign);
    }

    @Test
    void answersADuplicateAsTheFirstTimeAndStoresItOnce() {
        insertActiveWindow("domain", "example.com");
        assertThat(post("/webhooks/monitor/" + TOKEN, NOTIFICATION, null).body())
                .isEqualTo("2026-03-01T13:00:00Z");

        // The window is over, yet Monitor asks again about the same check (checked 50 minutes ago,
        // within the allowed clock skew): same answer.
        clock.advance(Duration.ofHours(1));
        String again = NOTIFICATION.replace("\"host\":\"example\"", "\"host\":\"EXAMPLE\"");
        assertThat(post("/webhooks/monitor/" + NEXT_TOKEN, again, null).body()).isEqualTo("2026-03-01T13:00:00Z");

        assertThat(count("notification")).isEqualTo(1);
        // A later check of the same site is a new notification.
        assertThat(post("/webhooks/monitor/" + TOKEN, NOTIFICATION.replace("1772367000", "1772367060"), null)
                        .body())
                .isEqualTo("ok");
        assertThat(count("notification")).isEqualTo(2);
    }

    /**
     * Spellings of the token path that Tomcat routes to the webhook: only the canonical one is
     * taken, and none shows the token in the access log.
     */
    @Test
    void takesOnlyTheCanonicalTokenPathAndLogsNoSpellingOfIt(@Autowired AccessLogProperties accessLog)
            throws IOException {
        List<String> others = List.of(
                "/webhooks//monitor/" + TOKEN,
                "//webhooks/monitor/" + TOKEN,
                "/webhooks/%6Donitor/" + TOKEN,
                "/%77ebhooks/monitor/" + TOKEN,
                "/webhooks/monitor;x/" + TOKEN,
                "/webhooks/./monitor/" + TOKEN,
                "/webhooks/x/../monitor/" + TOKEN,
                "/webhooks/monitor/./" + TOKEN,
                "/webhooks/monitor/" + TOKEN + ";x",
                "/webhooks/monitor/%6B" + TOKEN.substring(1));
        // Marks this test's lines in the log, which the class's other tests write to as well.
        String probe = "?probe=" + UUID.randomUUID();

        assertThat(post("/webhooks/monitor/" + TOKEN + probe, NOTIFICATION, null)
                        .body())
                .isEqualTo("ok");
        for (String path : others) {
            HttpResponse<String> response = post(path + probe, NOTIFICATION, null);
            assertThat(response.statusCode()).as(path).isIn(400, 404);
            assertThat(response.body()).as(path).doesNotContain(TOKEN);
        }
        assertThat(count("notification")).isEqualTo(1);

        // Tomcat writes each line once the response has gone out.
        await().atMost(Duration.ofSeconds(30))
                .until(() -> accessLogLines(accessLog.directory()).stream()
                                .filter(line -> line.contains(probe))
                                .count()
                        == others.size() + 1);
        assertThat(accessLogLines(accessLog.directory())).allSatisfy(line -> {
            assertThat(line).doesNotContain(TOKEN);
            assertThat(URLDecoder.decode(line.replace("+", "%2B"), StandardCharsets.UTF_8))
                    .doesNotContain(TOKEN);
        });
    }

    static List<String> accessLogLines(Path directory) throws IOException {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        List<String> lines = new ArrayList<>();
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.toList()) {
                lines.addAll(Files.readAllLines(file));
            }
        }
        return lines;
    }

    @Test
    void keepsTokensOutOfMetricTags() {
        post("/webhooks/monitor/" + TOKEN, NOTIFICATION, null);
        post("/webhooks/monitor/not-the-token", NOTIFICATION, null);

        String scrape = body(mvc.get().uri("/actuator/prometheus").exchange());

        assertThat(scrape).contains("receiver_webhook_refused_total{reason=\"token\"}");
        assertThat(scrape).doesNotContain(TOKEN).doesNotContain("not-the-token");
    }
}
