package dev.downtime.receiver.notifications;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.downtime.receiver.PostgresIntegrationTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

/**
 * The reply waits for the notification's commit. The commit timeout is long here, so that a
 * request held up by PostgreSQL keeps waiting instead of spooling.
 */
@TestPropertySource(properties = "receiver.notifications.commit-timeout=30s")
@DirtiesContext
class CommitBeforeReplyTest extends PostgresIntegrationTest {

    @Autowired
    DataSource dataSource;

    @Test
    void answersOnlyOnceTheNotificationIsCommitted() throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        CompletableFuture<HttpResponse<String>> reply;
        try (Connection locker = dataSource.getConnection()) {
            locker.setAutoCommit(false);
            try (Statement statement = locker.createStatement()) {
                // Blocks every INSERT into the table until this transaction ends.
                statement.execute("LOCK TABLE notification IN EXCLUSIVE MODE");
            }
            reply = client.sendAsync(
                    HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/webhooks/monitor"))
                            .POST(HttpRequest.BodyPublishers.ofString(
                                    "{\"ts\":1,\"url\":\"example.com\",\"code\":503}"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());

            // The writer's insert is waiting for the lock: a correct service cannot have answered,
            // as its commit timeout is far away.
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> jdbc.sql("""
                            SELECT count(*) FROM pg_stat_activity
                             WHERE pid <> pg_backend_pid() AND wait_event_type = 'Lock'
                               AND query LIKE '%INSERT INTO notification%'
                            """).query(Long.class).single() > 0);
            assertThat(reply).isNotDone();
            assertThat(count("notification")).isZero();

            locker.rollback();
        }

        assertThat(reply.get(30, TimeUnit.SECONDS).body()).isEqualTo("ok");
        assertThat(count("notification")).isEqualTo(1);
    }
}
