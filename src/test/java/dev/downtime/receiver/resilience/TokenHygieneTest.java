package dev.downtime.receiver.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A whole run of a receiver, logging at DEBUG with the access log on, through valid and forged
 * webhook calls and every kind of admin call: afterwards no secret is found in any log line, and
 * no admin token in any row of the database.
 */
class TokenHygieneTest {

    static final String WEBHOOK_TOKEN = "hygieneWebhookToken0123456789";
    static final String NEXT_WEBHOOK_TOKEN = "hygieneNextWebhookToken98765";

    @Test
    void keepsEverySecretOutOfTheLogsAndEveryAdminTokenOutOfTheDatabase(@TempDir Path data)
            throws IOException, SQLException {
        List<String> secrets = new ArrayList<>(List.of(WEBHOOK_TOKEN, NEXT_WEBHOOK_TOKEN, Receivers.TOKEN));
        try (ControlledPostgres postgres = ControlledPostgres.start();
                ReceiverProcess receiver = ReceiverProcess.start(
                        postgres.jdbcUrl(),
                        data,
                        "--receiver.webhook.tokens=" + WEBHOOK_TOKEN + "," + NEXT_WEBHOOK_TOKEN,
                        "--receiver.access-log.enabled=true",
                        "--receiver.access-log.directory=" + data.resolve("access"),
                        "--logging.level.org.springframework.web=DEBUG",
                        "--logging.level.org.apache.coyote=DEBUG",
                        "--logging.level.dev.downtime=DEBUG")) {
            URI base = receiver.base();
            String notification = "{\"ts\":1,\"url\":\"http:\\/\\/example.com\",\"code\":503,\"host\":\"example\"}";
            for (String path : List.of(
                    "/webhooks/monitor/" + WEBHOOK_TOKEN,
                    "/webhooks/monitor/" + NEXT_WEBHOOK_TOKEN,
                    "/webhooks/monitor/" + WEBHOOK_TOKEN.substring(0, WEBHOOK_TOKEN.length() - 1),
                    "/webhooks/monitor/" + WEBHOOK_TOKEN + "x",
                    "/webhooks/monitor/" + WEBHOOK_TOKEN + "?q=1",
                    "/webhooks/monitor")) {
                post(base.resolve(path), notification, null);
                post(base.resolve(path), "not json", null);
            }
            Receivers.send(HttpRequest.newBuilder(base.resolve("/webhooks/monitor/" + WEBHOOK_TOKEN))
                    .GET()
                    .build());

            HttpResponse<String> issued =
                    post(base.resolve("/api/v1/tokens"), "{\"name\":\"carol\",\"role\":\"editor\"}", Receivers.TOKEN);
            assertThat(issued.statusCode()).isEqualTo(201);
            String personal = JsonPath.read(issued.body(), "$.token");
            secrets.add(personal);
            post(
                    base.resolve("/api/v1/maintenance-windows"),
                    "{\"scope\":\"host\",\"target\":\"example\",\"endsAt\":\"2099-01-01T00:00:00Z\"}",
                    personal);
            post(base.resolve("/api/v1/maintenance-windows"), "{\"scope\":", personal);
            for (String path : List.of(
                    "/api/v1/notifications", "/api/v1/tokens", "/api/v1/audit", "/actuator/prometheus", "/nope")) {
                Receivers.send(HttpRequest.newBuilder(base.resolve(path))
                        .header("Authorization", "Bearer " + personal)
                        .GET()
                        .build());
                Receivers.send(HttpRequest.newBuilder(base.resolve(path))
                        .header("Authorization", "Bearer " + Receivers.TOKEN)
                        .GET()
                        .build());
            }
            assertThat(receiver.terminate()).isIn(0, 143);

            String logs = Files.readString(receiver.log()) + accessLogs(data.resolve("access"));
            // The capture worked: DEBUG lines and access lines are there.
            assertThat(logs).contains("DEBUG").contains("\"POST /webhooks/monitor/**** HTTP/1.1\" 200");
            for (String secret : secrets) {
                assertThat(logs).as("logs").doesNotContain(secret);
            }
            for (String row : allRows(postgres)) {
                for (String secret : secrets) {
                    assertThat(row).as("database row").doesNotContain(secret);
                }
            }
        }
    }

    private static HttpResponse<String> post(URI uri, String body, String bearer) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        return Receivers.send(request.build());
    }

    private static String accessLogs(Path directory) throws IOException {
        StringBuilder all = new StringBuilder();
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.toList()) {
                all.append(Files.readString(file));
            }
        }
        return all.toString();
    }

    /** Every row of every table of the schema, as text. */
    private static List<String> allRows(ControlledPostgres postgres) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (var connection = postgres.connect()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet found = connection
                    .createStatement()
                    .executeQuery("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")) {
                while (found.next()) {
                    tables.add(found.getString(1));
                }
            }
            assertThat(tables).contains("admin_token", "notification", "audit_event");
            for (String table : tables) {
                try (ResultSet found =
                        connection.createStatement().executeQuery("SELECT t::text FROM \"" + table + "\" t")) {
                    while (found.next()) {
                        rows.add(found.getString(1));
                    }
                }
            }
        }
        return rows;
    }
}
