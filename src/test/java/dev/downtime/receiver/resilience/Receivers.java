package dev.downtime.receiver.resilience;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/** How the resilience tests configure and talk to a receiver, in this JVM or in another. */
final class Receivers {

    static final String TOKEN = "resilience-test-token-0123456789";

    private static final HttpClient HTTP =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private Receivers() {}

    /** Command-line arguments for a receiver on {@code jdbcUrl} keeping its files in {@code data}. */
    static List<String> arguments(String jdbcUrl, Path data, int port, String... extra) {
        List<String> arguments = new ArrayList<>(List.of(
                "--server.port=" + port,
                "--spring.datasource.url=" + jdbcUrl,
                "--spring.datasource.username=postgres",
                "--spring.datasource.password=",
                "--receiver.admin.tokens=ops:" + TOKEN,
                // The tests post to the plain /webhooks/monitor, from loopback.
                "--receiver.webhook.allow-open=true",
                "--receiver.spool.directory=" + data.resolve("spool"),
                "--receiver.snapshot.directory=" + data.resolve("snapshot"),
                "--receiver.spool.replay-interval=200ms",
                "--receiver.database.probe-interval=200ms",
                "--spring.main.banner-mode=off",
                "--logging.level.io.zonky=WARN"));
        arguments.addAll(List.of(extra));
        return arguments;
    }

    static HttpResponse<String> get(URI uri) {
        return send(HttpRequest.newBuilder(uri)
                .timeout(Duration.ofSeconds(10))
                .GET()
                .build());
    }

    /** With the admin token, which health needs to show its details. */
    static HttpResponse<String> getAsAdmin(URI uri) {
        return send(HttpRequest.newBuilder(uri)
                .timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + TOKEN)
                .GET()
                .build());
    }

    static HttpResponse<String> postNotification(URI base, String json) {
        return send(HttpRequest.newBuilder(base.resolve("/webhooks/monitor"))
                .timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build());
    }

    /**
     * Creates a domain window from now to an hour from now, to the whole second.
     *
     * @return the reply the webhook gives while it covers a site
     */
    static String createWindow(URI base, String domain) {
        Instant endsAt = Instant.now().truncatedTo(ChronoUnit.SECONDS).plus(Duration.ofHours(1));
        HttpResponse<String> response = send(HttpRequest.newBuilder(base.resolve("/api/v1/maintenance-windows"))
                .header("Authorization", "Bearer " + TOKEN)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"scope\":\"domain\",\"target\":\"" + domain + "\",\"endsAt\":\"" + endsAt + "\"}"))
                .build());
        if (response.statusCode() != 201) {
            throw new IllegalStateException("window not created: " + response.statusCode() + " " + response.body());
        }
        return endsAt.toString();
    }

    static HttpResponse<String> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
