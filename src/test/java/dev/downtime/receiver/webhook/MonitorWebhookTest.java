package dev.downtime.receiver.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import dev.downtime.receiver.PostgresIntegrationTest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class MonitorWebhookTest extends PostgresIntegrationTest {

    static final String SPEC_EXAMPLE =
            "{\"ts\":1385139152,\"url\":\"http:\\/\\/example.com\",\"code\":403,\"host\":\"example\",\"type\":\"http\"}";

    /** A URL whose query would be torn apart by anything parsing the body as a form. */
    static final String FORM_HOSTILE = "{\"url\":\"http:\\/\\/example.com\\/?a=1&b=2+3%20x=y\",\"code\":503}";

    @ParameterizedTest(name = "Content-Type: {0}")
    @NullSource
    @ValueSource(
            strings = {
                "application/json",
                "application/json; charset=utf-8",
                "application/x-www-form-urlencoded",
                "application/x-www-form-urlencoded; charset=UTF-8",
                "text/plain",
                "text/plain;charset=ISO-8859-1",
                "application/octet-stream",
                "multipart/form-data; boundary=x",
                "nonsense"
            })
    void readsTheBodyWhateverTheContentType(@Nullable String contentType) {
        HttpResponse<String> response = postWebhook(contentType, FORM_HOSTILE.getBytes(StandardCharsets.UTF_8));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("ok");
        assertThat(jdbc.sql("SELECT raw_url FROM notification")
                        .query(String.class)
                        .single())
                .isEqualTo("http://example.com/?a=1&b=2+3%20x=y");
    }

    @Test
    void answersExactlyOkAsPlainText() {
        HttpResponse<String> response = postWebhook(SPEC_EXAMPLE);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("ok");
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("text/plain"));
    }

    @Test
    void storesEachNotificationWithItsReplyBeforeAnswering() {
        postWebhook(SPEC_EXAMPLE);

        Map<String, Object> row = jdbc.sql("SELECT * FROM notification").query().singleRow();
        assertThat(row)
                .containsEntry("ts", 1385139152L)
                .containsEntry("raw_url", "http://example.com")
                .containsEntry("normalized_url", "http://example.com")
                .containsEntry("code", 403)
                .containsEntry("host", "example")
                .containsEntry("type", "http")
                .containsEntry("reply", "ok")
                .containsEntry("remote_address", "127.0.0.1");
        assertThat(((java.sql.Timestamp) row.get("received_at")).toInstant()).isEqualTo(clock.instant());
    }

    @Test
    void answersTheEndOfMaintenanceCoveringTheUrl() {
        UUID window = insertWindow(
                "url",
                "http://example.com/shop",
                clock.instant().minusSeconds(60),
                clock.instant().plusSeconds(3600));

        HttpResponse<String> response = postWebhook("{\"url\":\"https:\\/\\/EXAMPLE.com\\/shop\\/\",\"code\":0}");

        // The window is for http://, this notification for https://: a different URL.
        assertThat(response.body()).isEqualTo("ok");

        response = postWebhook("{\"url\":\"http:\\/\\/EXAMPLE.com\\/shop\\/\",\"code\":0}");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("2026-03-01T13:00:00Z");
        assertThat(jdbc.sql("SELECT reply, window_ids[1] AS window FROM notification WHERE reply <> 'ok'")
                        .query()
                        .singleRow())
                .containsEntry("reply", "2026-03-01T13:00:00Z")
                .containsEntry("window", window);
    }

    @Test
    void answersTheEndOfAHostWideWindowForAnySiteOfThatHost() {
        insertWindow("host", "Example", clock.instant(), clock.instant().plusSeconds(90));

        assertThat(postWebhook(SPEC_EXAMPLE).body()).isEqualTo("2026-03-01T12:01:30Z");
        assertThat(postWebhook("{\"url\":\"other.test\",\"code\":500,\"host\":\"EXAMPLE\"}")
                        .body())
                .isEqualTo("2026-03-01T12:01:30Z");
        assertThat(postWebhook("{\"url\":\"other.test\",\"code\":500,\"host\":\"another\"}")
                        .body())
                .isEqualTo("ok");
    }

    @Test
    void answersOkToARecoveryEvenDuringMaintenance() {
        insertWindow(
                "domain",
                "example.com",
                clock.instant().minusSeconds(60),
                clock.instant().plusSeconds(3600));

        assertThat(postWebhook("{\"url\":\"example.com\",\"code\":200}").body()).isEqualTo("ok");
        assertThat(postWebhook("{\"url\":\"example.com\",\"code\":500}").body()).isEqualTo("2026-03-01T13:00:00Z");
        assertThat(jdbc.sql("SELECT cardinality(window_ids) FROM notification WHERE code = 200")
                        .query(Integer.class)
                        .single())
                .isZero();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            not json                                          | invalid notification: body is not valid JSON
            '{"code":500}'                                    | invalid notification: url is required
            '{"url":"ftp:\\/\\/example.com","code":500}'      | invalid notification: url scheme must be http or https
            '{"url":"http:\\/\\/exa mple.com","code":500}'    | invalid notification: url must not contain spaces or control characters
            '{"url":"http:\\/\\/a.com\\r\\nX: y","code":500}' | invalid notification: url must not contain spaces or control characters
            '{"url":"example.com","code":"5xx"}'              | invalid notification: code must be a whole number from 0 to 999, as a JSON number or a string holding one
            '{"url":"example.com","code":500,"ts":true}'      | invalid notification: ts must be Unix seconds from 0 to 253402300799.999, as a JSON number or a string holding one
            '{"url":"example.com","code":500,"url":"b.com"}'  | invalid notification: body is not valid JSON
            """)
    void refusesBadInputWithAShortPlainTextReasonAndStoresNothing(String body, String reason) {
        HttpResponse<String> response = postWebhook(body);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).isEqualTo(reason);
        assertThat(count("notification")).isZero();
    }

    @Test
    void refusesAnOverlongUtf8SlashRatherThanStoringItAsASlash() {
        // C0 AF is an overlong '/': a lenient decoder reads it as one, a strict one refuses it.
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes("{\"url\":\"example.com\",\"code\":500,\"host\":\"".getBytes(StandardCharsets.UTF_8));
        body.writeBytes(new byte[] {(byte) 0xC0, (byte) 0xAF});
        body.writeBytes("\"}".getBytes(StandardCharsets.UTF_8));

        HttpResponse<String> response = postWebhook("application/json", body.toByteArray());

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("text/plain"));
        assertThat(response.body()).isEqualTo("invalid notification: body is not valid UTF-8");
        assertThat(count("notification")).isZero();
    }

    @Test
    void refusesABodyOver64KiBWith413() {
        String padding = "x".repeat(64 * 1024);
        HttpResponse<String> response =
                postWebhook("{\"url\":\"example.com\",\"code\":500,\"pad\":\"" + padding + "\"}");

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.body()).isEqualTo("notification body over 65536 bytes");
        assertThat(count("notification")).isZero();
    }

    @Test
    void refusesAChunkedBodyOver64KiBWith413() {
        // No Content-Length: the size is only known while reading.
        byte[] body = ("{\"url\":\"example.com\",\"code\":500,\"pad\":\"" + "x".repeat(64 * 1024) + "\"}")
                .getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> response =
                send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/webhooks/monitor"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)))
                        .build());

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.body()).isEqualTo("notification body over 65536 bytes");
        assertThat(count("notification")).isZero();
    }

    /** Broken chunking is the caller's fault: a 400, never a 500 (nor an error logged for it). */
    @Test
    @org.junit.jupiter.api.extension.ExtendWith(org.springframework.boot.test.system.OutputCaptureExtension.class)
    void refusesABodyWithBrokenChunkingWith400(org.springframework.boot.test.system.CapturedOutput output)
            throws Exception {
        String response;
        try (var socket = new java.net.Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream()
                    .write(("POST /webhooks/monitor HTTP/1.1\r\nHost: localhost\r\n"
                                    + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
                                    + "5\r\n{\"url\r\nzz-not-a-size\r\n\"x\"}\r\n0\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
            response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        } catch (java.net.SocketException closed) {
            response = "";
        }

        assertThat(response).startsWith("HTTP/1.1 400");
        assertThat(response).doesNotContain("Exception").doesNotContain("Internal");
        assertThat(count("notification")).isZero();
        assertThat(output.getAll()).doesNotContain("Unexpected error");
    }

    @Test
    void acceptsABodyOfExactly64KiB() {
        String prefix = "{\"url\":\"example.com\",\"code\":500,\"pad\":\"";
        String body = prefix + "x".repeat(64 * 1024 - prefix.length() - 2) + "\"}";
        assertThat(body).hasSize(64 * 1024);

        assertThat(postWebhook(body).statusCode()).isEqualTo(200);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"GET", "HEAD", "PUT", "PATCH", "DELETE", "PROPFIND", "MKCOL"})
    void refusesOtherMethodsWithOnePlainText405(String method) {
        HttpResponse<String> response =
                send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/webhooks/monitor"))
                        .method(
                                method,
                                method.equals("HEAD")
                                        ? HttpRequest.BodyPublishers.noBody()
                                        : HttpRequest.BodyPublishers.ofString(SPEC_EXAMPLE))
                        .build());

        assertThat(response.statusCode()).isEqualTo(405);
        assertThat(response.headers().firstValue("Allow")).hasValue("POST, OPTIONS");
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("text/plain"));
        assertThat(response.body())
                .isEqualTo(method.equals("HEAD") ? "" : "method not allowed: POST the notification as JSON");
        assertThat(count("notification")).isZero();
    }

    @Test
    void answersOptionsWithTheMethodsItTakes() {
        HttpResponse<String> response =
                send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/webhooks/monitor"))
                        .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                        .build());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Allow")).hasValue("POST, OPTIONS");
        assertThat(response.body()).isEmpty();
    }

    private UUID insertWindow(String scope, String target, Instant startsAt, Instant endsAt) {
        UUID id = UUID.randomUUID();
        jdbc.sql("""
                        INSERT INTO maintenance_window (id, scope, target, starts_at, ends_at, created_by, created_at, updated_at)
                        VALUES (:id, :scope, :target, :startsAt, :endsAt, 'sql', :startsAt, :startsAt)
                        """)
                .param("id", id)
                .param("scope", scope)
                .param("target", target)
                .param("startsAt", OffsetDateTime.ofInstant(startsAt, ZoneOffset.UTC))
                .param("endsAt", OffsetDateTime.ofInstant(endsAt, ZoneOffset.UTC))
                .update();
        schedule.refresh();
        return id;
    }
}
