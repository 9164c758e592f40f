package dev.downtime.receiver.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.jayway.jsonpath.JsonPath;
import com.sun.net.httpserver.HttpServer;
import dev.downtime.receiver.PostgresIntegrationTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/**
 * An SMTP server that accepts connections and never says a word: the webhook and Slack messages of
 * the same group still go out, and the email delivery fails on its timeout, is retried, and is
 * given up, all of it visible on the incident.
 */
@TestPropertySource(
        properties = {
            "receiver.alerts.dispatch-interval=100ms",
            // The group's message is due with its first alert: no clock to move on here.
            "receiver.alerts.group-wait=0s",
            "receiver.alerts.initial-backoff=1m",
            "receiver.alerts.max-attempts=2",
            "receiver.alerts.send-timeout=1s",
            "receiver.alerts.webhook.secret=" + AlertDeliveryTest.SECRET,
            "receiver.alerts.email.to=ops@example.test",
            "spring.mail.host=127.0.0.1"
        })
// Its background jobs run fast: closed after its tests, so they cannot touch the next class's data.
@DirtiesContext
class HungChannelTest extends PostgresIntegrationTest {

    static final ServerSocket SILENT_SMTP = silentServer();
    static final List<Socket> HELD = new CopyOnWriteArrayList<>();
    static final List<String> RECEIVED = new CopyOnWriteArrayList<>();
    static final HttpServer RECEIVER = receiver();

    static ServerSocket silentServer() {
        try {
            ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            Thread.ofVirtual().start(() -> {
                while (!server.isClosed()) {
                    try {
                        HELD.add(server.accept()); // held open, never answered
                    } catch (IOException closed) {
                        return;
                    }
                }
            });
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static HttpServer receiver() {
        return Loopback.server(exchange -> {
            exchange.getRequestBody().readAllBytes();
            RECEIVED.add(exchange.getRequestURI().getPath());
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
    }

    @DynamicPropertySource
    static void channels(DynamicPropertyRegistry registry) {
        String base = Loopback.base(RECEIVER);
        registry.add("receiver.alerts.webhook.url", () -> base + "/hook");
        registry.add("receiver.alerts.slack.url", () -> base + "/slack");
        registry.add("spring.mail.port", SILENT_SMTP::getLocalPort);
    }

    @AfterAll
    static void close() throws IOException {
        RECEIVER.stop(0);
        SILENT_SMTP.close();
        for (Socket socket : HELD) {
            socket.close();
        }
    }

    @Autowired
    JavaMailSenderImpl mail;

    @Autowired
    AlertDispatcher dispatcher;

    /** Deliveries of rows other test classes left, started before the table reset, finish first. */
    @BeforeEach
    void settle() {
        jdbc.sql("DELETE FROM alert; DELETE FROM alert_group").update();
        await().atMost(Duration.ofSeconds(30)).until(() -> dispatcher.inFlight() == 0);
        RECEIVED.clear();
    }

    /**
     * The incident of the test's notification: an assertion error, which the awaits retry, until
     * the tracker (every 100 ms, later on a busy machine) has opened it.
     */
    String incidentDetail() {
        List<String> ids =
                jdbc.sql("SELECT id FROM incident").query(String.class).list();
        assertThat(ids).as("incidents opened").hasSize(1);
        String id = ids.getFirst();
        return body(mvc.get()
                .uri("/api/v1/incidents/" + id)
                .header("Authorization", bearer())
                .exchange());
    }

    <T> List<T> alerts(String detail, String channel, String field) {
        return JsonPath.read(detail, "$.alerts[?(@.channel == '" + channel + "')]." + field);
    }

    @Test
    void aSilentMailServerDelaysNoOtherChannelAndItsDeliveryIsRetriedThenGivenUp() {
        assertThat(postWebhook("{\"ts\":1,\"url\":\"http://down.test\",\"code\":503}")
                        .statusCode())
                .isEqualTo(200);
        // Folded into an incident, off the request path.
        awaitEventsHandled();

        // The clock stands still: the email's retry, a minute on, is not due yet.
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            String detail = incidentDetail();
            assertThat(alerts(detail, "webhook", "status")).containsExactly("delivered");
            assertThat(alerts(detail, "slack", "status")).containsExactly("delivered");
            assertThat(alerts(detail, "email", "attempts")).containsExactly(1);
        });
        assertThat(RECEIVED).containsExactlyInAnyOrder("/hook", "/slack");
        String detail = incidentDetail();
        assertThat(alerts(detail, "email", "status")).containsExactly("pending");
        assertThat(alerts(detail, "email", "lastError"))
                .singleElement()
                .asString()
                .isNotBlank();
        assertThat(alerts(detail, "email", "nextAttemptAt")).containsExactly("2026-03-01T12:01:00Z");

        clock.advance(Duration.ofMinutes(1));

        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() ->
                        assertThat(alerts(incidentDetail(), "email", "status")).containsExactly("failed"));
        detail = incidentDetail();
        assertThat(alerts(detail, "email", "attempts")).containsExactly(2);
        assertThat(alerts(detail, "email", "nextAttemptAt")).containsExactly((Object) null);
        assertThat(alerts(detail, "email", "lastError"))
                .singleElement()
                .asString()
                .isNotBlank();
        assertThat(HELD).hasSizeGreaterThanOrEqualTo(2);
    }

    @Test
    void boundsEveryWaitOfJavaMailByTheSendTimeout() {
        assertThat(mail.getJavaMailProperties())
                .containsEntry("mail.smtp.connectiontimeout", "1000")
                .containsEntry("mail.smtp.timeout", "1000")
                .containsEntry("mail.smtp.writetimeout", "1000");
    }
}
