package dev.downtime.receiver.incidents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.downtime.receiver.DowntimeReceiverApplication;
import dev.downtime.receiver.TestDatabase;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * A notification committed by an instance that died before folding it is folded by the next one to
 * start, exactly once: its NotificationsCommitted publication was stored with it, and is handed
 * over again when the service starts, without waiting for it to be taken as stale.
 */
class FoldAfterRestartTest {

    TestDatabase.Connection db = TestDatabase.connection();
    String user = db.username() != null ? db.username() : "";
    String password = db.password() != null ? db.password() : "";
    JdbcClient jdbc = JdbcClient.create(new DriverManagerDataSource(db.url(), user, password));

    ConfigurableApplicationContext start(Path data) {
        return new SpringApplicationBuilder(DowntimeReceiverApplication.class)
                .run(
                        "--server.port=0",
                        "--spring.datasource.url=" + db.url(),
                        "--spring.datasource.username=" + user,
                        "--spring.datasource.password=" + password,
                        "--receiver.admin.tokens=ops:fold-after-restart-token-0123",
                        "--receiver.webhook.allow-open=true",
                        "--receiver.spool.directory=" + data.resolve("spool"),
                        "--receiver.snapshot.directory=" + data.resolve("snapshot"),
                        "--receiver.maintenance.listen-for-changes=false",
                        "--receiver.verification.enabled=false",
                        "--spring.main.banner-mode=off",
                        "--logging.level.io.zonky=WARN");
    }

    long incidentsOf(String url) {
        return jdbc.sql("SELECT count(*) FROM incident WHERE normalized_url = :url")
                .param("url", url)
                .query(Long.class)
                .single();
    }

    @Test
    void foldsWhatADeadInstanceCommittedButNeverFolded(@TempDir Path data) throws Exception {
        Flyway.configure().dataSource(db.url(), user, password).load().migrate();
        String url = "http://restart-" + UUID.randomUUID() + ".test";

        try (Connection blocker = DriverManager.getConnection(db.url(), user, password)) {
            blocker.setAutoCommit(false);
            try (ConfigurableApplicationContext first = start(data.resolve("first"))) {
                // Its fold waits for this lock until the instance is gone: committed, never folded.
                try (Statement lock = blocker.createStatement()) {
                    lock.execute("LOCK TABLE incident_fold IN ACCESS EXCLUSIVE MODE");
                }
                assertThat(post(first, url).statusCode()).isEqualTo(200);
                await().atMost(Duration.ofSeconds(10)).until(this::foldsWaiting, waiting -> waiting > 0);
            }
            // Whatever of its fold survived the pool's shutdown ends now, unfinished.
            jdbc.sql("""
                            SELECT pg_terminate_backend(pid) FROM pg_stat_activity
                             WHERE datname = current_database() AND wait_event_type = 'Lock'
                               AND query LIKE '%incident_fold%'
                            """).query().listOfRows();
            blocker.rollback();
        }
        // As an instance killed outright leaves it: it never got to mark its fold failed (this one
        // did, on its way down), so neither the retry of failed publications nor, for minutes, the
        // check for stale ones would hand it over.
        jdbc.sql("UPDATE event_publication SET status = 'PROCESSING' WHERE listener_id = :listener")
                .param("listener", IncidentFolder.LISTENER_ID)
                .update();
        assertThat(incidentsOf(url)).isZero();
        assertThat(jdbc.sql("SELECT count(*) FROM event_publication WHERE listener_id = :listener")
                        .param("listener", IncidentFolder.LISTENER_ID)
                        .query(Long.class)
                        .single())
                .isPositive();

        try (ConfigurableApplicationContext second = start(data.resolve("second"))) {
            await().atMost(Duration.ofSeconds(20)).until(() -> incidentsOf(url) == 1);
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> jdbc.sql("SELECT count(*) FROM event_publication WHERE listener_id = :listener")
                                    .param("listener", IncidentFolder.LISTENER_ID)
                                    .query(Long.class)
                                    .single()
                            == 0);
        }

        assertThat(jdbc.sql("SELECT notification_count FROM incident WHERE normalized_url = :url")
                        .param("url", url)
                        .query(Integer.class)
                        .single())
                .isEqualTo(1);
    }

    long foldsWaiting() {
        return jdbc.sql("""
                        SELECT count(*) FROM pg_stat_activity
                         WHERE datname = current_database() AND wait_event_type = 'Lock'
                           AND query LIKE '%incident_fold%'
                        """).query(Long.class).single();
    }

    static HttpResponse<String> post(ConfigurableApplicationContext app, String url)
            throws IOException, InterruptedException {
        int port = ((WebServerApplicationContext) app).getWebServer().getPort();
        long ts = System.currentTimeMillis() / 1000;
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/webhooks/monitor"))
                                .POST(HttpRequest.BodyPublishers.ofString(
                                        "{\"ts\":" + ts + ",\"url\":\"" + url + "\",\"code\":503}"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
    }
}
