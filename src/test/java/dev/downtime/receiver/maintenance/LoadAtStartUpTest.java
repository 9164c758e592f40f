package dev.downtime.receiver.maintenance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.downtime.receiver.DowntimeReceiverApplication;
import dev.downtime.receiver.TestDatabase;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
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
 * A service started against a database that already holds an active window answers from it at
 * once: nothing in the test refreshes the schedule, LISTEN/NOTIFY is off and the periodic refresh
 * is an hour apart.
 */
class LoadAtStartUpTest {

    @Test
    void answersFromWindowsAlreadyInPostgresAsSoonAsItHasStarted(@TempDir Path data)
            throws IOException, InterruptedException {
        TestDatabase.Connection db = TestDatabase.connection();
        String user = db.username() != null ? db.username() : "";
        String password = db.password() != null ? db.password() : "";
        Flyway.configure().dataSource(db.url(), user, password).load().migrate();
        JdbcClient jdbc = JdbcClient.create(new DriverManagerDataSource(db.url(), user, password));
        String site = "startup-" + UUID.randomUUID() + ".test";
        Instant endsAt =
                Clock.systemUTC().instant().truncatedTo(ChronoUnit.SECONDS).plus(Duration.ofHours(1));
        UUID id = UUID.randomUUID();
        jdbc.sql("""
                        INSERT INTO maintenance_window (id, scope, target, starts_at, ends_at, created_by, created_at, updated_at)
                        VALUES (:id, 'domain', :site, :startsAt, :endsAt, 'sql', :startsAt, :startsAt)
                        """)
                .param("id", id)
                .param("site", site)
                .param("startsAt", OffsetDateTime.ofInstant(endsAt.minus(Duration.ofHours(2)), ZoneOffset.UTC))
                .param("endsAt", OffsetDateTime.ofInstant(endsAt, ZoneOffset.UTC))
                .update();

        try (ConfigurableApplicationContext app = new SpringApplicationBuilder(DowntimeReceiverApplication.class)
                .run(
                        "--server.port=0",
                        "--spring.datasource.url=" + db.url(),
                        "--spring.datasource.username=" + user,
                        "--spring.datasource.password=" + password,
                        "--receiver.admin.tokens=ops:load-at-start-up-token-0123",
                        "--receiver.webhook.allow-open=true",
                        "--receiver.spool.directory=" + data.resolve("spool"),
                        // Empty: the windows can come only from PostgreSQL.
                        "--receiver.snapshot.directory=" + data.resolve("snapshot"),
                        "--receiver.maintenance.listen-for-changes=false",
                        "--receiver.maintenance.refresh-interval=1h",
                        "--receiver.verification.enabled=false",
                        "--receiver.incidents.overrun-check-interval=1h",
                        "--spring.main.banner-mode=off",
                        "--logging.level.io.zonky=WARN")) {
            int port = ((WebServerApplicationContext) app).getWebServer().getPort();
            HttpResponse<String> reply = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/webhooks/monitor"))
                                    .POST(HttpRequest.BodyPublishers.ofString(
                                            "{\"url\":\"http:\\/\\/" + site + "\",\"code\":503}"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());

            assertThat(reply.body()).isEqualTo(endsAt.toString());
        } finally {
            jdbc.sql("DELETE FROM notification WHERE normalized_url = :url")
                    .param("url", "http://" + site)
                    .update();
            jdbc.sql("DELETE FROM maintenance_window WHERE id = :id")
                    .param("id", id)
                    .update();
        }
    }
}
