package dev.downtime.receiver;

import dev.downtime.receiver.maintenance.MaintenanceSchedule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.UnsupportedEncodingException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

/** Base of HTTP tests: empty tables, clock at {@link IntegrationTest#T0}, before each test. */
@IntegrationTest
public abstract class PostgresIntegrationTest {

    @Autowired
    protected MockMvcTester mvc;

    @Autowired
    protected JdbcClient jdbc;

    @Autowired
    protected MutableClock clock;

    @Autowired
    protected MaintenanceSchedule schedule;

    @LocalServerPort
    protected int port;

    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void resetDatabaseAndClock() {
        // What the previous test committed may still be on its way through the event listeners
        // (incidents folding its notifications): let it land before the tables are emptied, or it
        // would land in this test's.
        awaitEventsHandled(Duration.ofSeconds(15), false);
        clock.set(IntegrationTest.T0);
        // Background jobs of the context (checks, alerts) may hold locks the other way round:
        // PostgreSQL then aborts one side as a deadlock, and the reset tries again.
        for (int attempt = 1; ; attempt++) {
            try {
                jdbc.sql("""
                                TRUNCATE notification, notification_quarantine, notification_unfolded,
                                         maintenance_window, maintenance_window_skip, maintenance_window_early_end, promise,
                                         incident, incident_url, incident_fold,
                                         verification, verification_due, alert, alert_group, alert_group_site, admin_token,
                                         event_publication, site
                                """).update();
                break;
            } catch (PessimisticLockingFailureException deadlock) {
                if (attempt == 5) {
                    throw deadlock;
                }
            }
        }
        schedule.refresh();
    }

    /**
     * Waits until every event published so far has been handled by all its listeners (the
     * registry deletes a publication once its listener completes): notifications folded into
     * incidents, and what that raised.
     */
    protected void awaitEventsHandled() {
        awaitEventsHandled(Duration.ofSeconds(10), true);
    }

    private void awaitEventsHandled(Duration atMost, boolean required) {
        long deadline = System.nanoTime() + atMost.toNanos();
        // A failed publication's listener has ended; the others are still to be handled.
        while (jdbc.sql("SELECT count(*) FROM event_publication WHERE status IS DISTINCT FROM 'FAILED'")
                                .query(Long.class)
                                .single()
                        > 0
                || (required && count("event_publication") > 0)) {
            if (System.nanoTime() > deadline) {
                if (required) {
                    throw new AssertionError("events still not handled after " + atMost + ": "
                            + jdbc.sql("SELECT listener_id, status FROM event_publication")
                                    .query()
                                    .listOfRows());
                }
                return;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Posts to the webhook over real HTTP; a null content type sends none. */
    protected HttpResponse<String> postWebhook(@Nullable String contentType, byte[] body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + "/webhooks/monitor"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return send(request.build());
    }

    protected HttpResponse<String> postWebhook(String json) {
        return postWebhook("application/json", json.getBytes(StandardCharsets.UTF_8));
    }

    protected HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    protected static String body(MvcTestResult result) {
        try {
            return result.getResponse().getContentAsString(StandardCharsets.UTF_8);
        } catch (UnsupportedEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    protected static String bearer() {
        return "Bearer " + IntegrationTest.ADMIN_TOKEN;
    }

    protected long count(String table) {
        return jdbc.sql("SELECT count(*) FROM " + table).query(Long.class).single();
    }
}
