package dev.downtime.receiver.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import dev.downtime.receiver.PostgresIntegrationTest;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MvcTestResult;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

class AdminAccessTest extends PostgresIntegrationTest {

    static final String WINDOW = "{\"scope\":\"host\",\"target\":\"h\",\"endsAt\":\"2026-03-01T13:00:00Z\"}";

    MvcTestResult issue(String name, String role) {
        return mvc.post()
                .uri("/api/v1/tokens")
                .header("Authorization", bearer())
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"name\":\"" + name + "\",\"role\":\"" + role + "\"}")
                .exchange();
    }

    String issuedToken(String name, String role) {
        MvcTestResult result = issue(name, role);
        assertThat(result).hasStatus(HttpStatus.CREATED);
        return JsonPath.read(body(result), "$.token");
    }

    MvcTestResult createWindow(String token) {
        return mvc.post()
                .uri("/api/v1/maintenance-windows")
                .header("Authorization", "Bearer " + token)
                .contentType(MediaType.APPLICATION_JSON)
                .content(WINDOW)
                .exchange();
    }

    @Test
    void issuesATokenOnceAndStoresOnlyItsDigest() {
        MvcTestResult result = issue("Alice Ops", "editor");

        assertThat(result).hasStatus(HttpStatus.CREATED);
        String token = JsonPath.read(body(result), "$.token");
        assertThat(token).hasSize(43);
        assertThat(body(mvc.get()
                        .uri("/api/v1/tokens")
                        .header("Authorization", bearer())
                        .exchange()))
                .contains("Alice Ops")
                .doesNotContain(token);
        String stored = jdbc.sql("SELECT admin_token::text FROM admin_token WHERE name = 'Alice Ops'")
                .query(String.class)
                .single();
        assertThat(stored).doesNotContain(token);
        assertThat(jdbc.sql("SELECT token_sha256 FROM admin_token WHERE name = 'Alice Ops'")
                        .query(byte[].class)
                        .single())
                .isEqualTo(SecretTokens.sha256(token));
    }

    @Test
    void letsEachRoleDoOnlyWhatItIncludes() {
        String viewer = issuedToken("viewer-person", "viewer");
        String editor = issuedToken("editor-person", "editor");

        assertThat(mvc.get().uri("/api/v1/maintenance-windows").header("Authorization", "Bearer " + viewer))
                .hasStatusOk();
        assertThat(mvc.get().uri("/api/v1/notifications").header("Authorization", "Bearer " + viewer))
                .hasStatusOk();
        assertThat(mvc.get().uri("/api/v1/notifications/quarantine").header("Authorization", "Bearer " + viewer))
                .hasStatusOk();
        assertThat(createWindow(viewer))
                .hasStatus(HttpStatus.FORBIDDEN)
                .hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(mvc.get().uri("/api/v1/audit").header("Authorization", "Bearer " + viewer))
                .hasStatus(HttpStatus.FORBIDDEN);

        assertThat(createWindow(editor))
                .hasStatus(HttpStatus.CREATED)
                .bodyJson()
                .extractingPath("$.createdBy")
                .isEqualTo("editor-person");
        assertThat(mvc.get().uri("/api/v1/tokens").header("Authorization", "Bearer " + editor))
                .hasStatus(HttpStatus.FORBIDDEN);
        assertThat(mvc.post()
                        .uri("/api/v1/tokens")
                        .header("Authorization", "Bearer " + editor)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\":\"escalate\",\"role\":\"admin\"}"))
                .hasStatus(HttpStatus.FORBIDDEN);
    }

    @Test
    void namesTheMissingRoleInTheForbiddenProblem() {
        String viewer = issuedToken("viewer-person", "viewer");

        assertThat(createWindow(viewer))
                .hasStatus(HttpStatus.FORBIDDEN)
                .bodyJson()
                .extractingPath("$.detail")
                .isEqualTo("This needs the 'editor' role; your token has 'viewer'.");
    }

    /**
     * Spellings of the admin-only paths that Tomcat and Spring MVC resolve to the same handler
     * (decoded segments, path parameters, dot segments): each must need the admin role too.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "/api/v1/tokens",
                "/api/v1;x/tokens",
                "/api;x/v1/tokens",
                "/api/v1/%74okens",
                "/api/v1/tokens;x",
                "/api/v1/./tokens",
                "/api/./v1/tokens",
                "/api//v1/tokens",
                "/api/v1/x/../tokens",
                "/api/v1/%2e/tokens"
            })
    void refusesTokenManagementBelowAdminWhateverThePathSpelling(String path) {
        String viewer = issuedToken("viewer-" + UUID.randomUUID(), "viewer");
        String editor = issuedToken("editor-" + UUID.randomUUID(), "editor");
        String name = "escalated-" + UUID.randomUUID();

        for (String token : List.of(viewer, editor)) {
            HttpResponse<String> created = send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                    .header("Authorization", "Bearer " + token)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"" + name + "\",\"role\":\"admin\"}"))
                    .build());
            HttpResponse<String> listed = send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                    .header("Authorization", "Bearer " + token)
                    .GET()
                    .build());

            assertThat(created.statusCode()).isIn(400, 403, 404);
            assertThat(created.body()).doesNotContain("\"token\"");
            assertThat(listed.statusCode()).isIn(400, 403, 404);
            assertThat(listed.body()).doesNotContain("viewer-");
        }
        assertThat(jdbc.sql("SELECT count(*) FROM admin_token WHERE name = :name")
                        .param("name", name)
                        .query(Long.class)
                        .single())
                .isZero();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {"/api/v1/audit", "/api/v1;x/audit", "/api/v1/%61udit", "/api/v1/audit;x", "/api/v1/./audit"})
    void refusesTheAuditLogBelowAdminWhateverThePathSpelling(String path) {
        String editor = issuedToken("editor-" + UUID.randomUUID(), "editor");

        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", "Bearer " + editor)
                .GET()
                .build());

        assertThat(response.statusCode()).isIn(400, 403, 404);
        assertThat(response.body()).doesNotContain("\"items\"");
    }

    @Test
    void refusesAWindowChangeToAViewerWhateverThePathSpelling() {
        String viewer = issuedToken("viewer-" + UUID.randomUUID(), "viewer");

        for (String path : List.of(
                "/api/v1/maintenance-windows", "/api/v1;x/maintenance-windows", "/api/v1/%6Daintenance-windows")) {
            HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                    .header("Authorization", "Bearer " + viewer)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(WINDOW))
                    .build());

            assertThat(response.statusCode()).as(path).isIn(400, 403, 404);
        }
        assertThat(count("maintenance_window")).isZero();
    }

    @Test
    void everyAdminApiHandlerDeclaresTheRoleItNeeds(
            @Autowired @Qualifier("requestMappingHandlerMapping") RequestMappingHandlerMapping mappings) {
        var undeclared = mappings.getHandlerMethods().entrySet().stream()
                .filter(entry -> entry.getKey().getPatternValues().stream().anyMatch(p -> p.startsWith("/api/")))
                .filter(entry -> HandlerRoles.required(entry.getValue()) == null)
                .map(entry -> entry.getValue().toString())
                .toList();

        assertThat(undeclared).isEmpty();
        assertThat(mappings.getHandlerMethods().keySet().stream()
                        .filter(info -> info.getPatternValues().stream().anyMatch(p -> p.startsWith("/api/"))))
                .isNotEmpty();
    }

    /** Deny by default: a handler of ours that says nothing about access is refused to everybody. */
    @Test
    void everyHandlerOfOursDeclaresWhoMayCallIt(
            @Autowired @Qualifier("requestMappingHandlerMapping") RequestMappingHandlerMapping mappings) {
        var ours = mappings.getHandlerMethods().values().stream()
                .filter(handler -> handler.getBeanType().getName().startsWith(DeclaredAccess.BASE_PACKAGE))
                .toList();

        assertThat(ours).isNotEmpty();
        assertThat(ours.stream()
                        .filter(handler -> !DeclaredAccess.declared(handler.getMethod(), handler.getBeanType()))
                        .map(Object::toString))
                .isEmpty();
    }

    @Test
    void refusesARevokedToken() {
        MvcTestResult issued = issue("leaver", "editor");
        String token = JsonPath.read(body(issued), "$.token");
        String id = JsonPath.read(body(issued), "$.id");
        assertThat(createWindow(token)).hasStatus(HttpStatus.CREATED);

        assertThat(mvc.delete().uri("/api/v1/tokens/" + id).header("Authorization", bearer()))
                .hasStatus(HttpStatus.NO_CONTENT);

        assertThat(createWindow(token)).hasStatus(HttpStatus.UNAUTHORIZED);
        assertThat(mvc.delete().uri("/api/v1/tokens/" + id).header("Authorization", bearer()))
                .hasStatus(HttpStatus.CONFLICT);
        List<String> revokedBy = JsonPath.read(
                body(mvc.get()
                        .uri("/api/v1/tokens")
                        .header("Authorization", bearer())
                        .exchange()),
                "$[?(@.name == 'leaver')].revokedBy");
        assertThat(revokedBy).containsExactly("ops");
    }

    @Test
    void refusesInvalidTokenRequests() {
        assertThat(issue("x", "superuser")).hasStatus(HttpStatus.BAD_REQUEST);
        assertThat(issue(" ", "viewer")).hasStatus(HttpStatus.BAD_REQUEST);
        assertThat(issue("a".repeat(101), "viewer")).hasStatus(HttpStatus.BAD_REQUEST);
    }

    @Test
    void sendsSecurityHeadersAndNoCorsHeaders() {
        MvcTestResult result = mvc.get()
                .uri("/api/v1/maintenance-windows")
                .header("Authorization", bearer())
                .header("Origin", "https://evil.example")
                .exchange();

        assertThat(result)
                .hasHeader("X-Content-Type-Options", "nosniff")
                .hasHeader("X-Frame-Options", "DENY")
                .hasHeader("Cache-Control", "no-store")
                .hasHeader("Referrer-Policy", "no-referrer")
                .doesNotContainHeader("Access-Control-Allow-Origin");
        assertThat(result.getResponse().getHeader("Content-Security-Policy")).contains("default-src 'none'");
        assertThat(mvc.options()
                        .uri("/api/v1/maintenance-windows")
                        .header("Origin", "https://evil.example")
                        .header("Access-Control-Request-Method", "POST"))
                .doesNotContainHeader("Access-Control-Allow-Origin");
    }

    @Test
    void refusesRequestHeadersOver8KiBBeforeAnyOfOurCode() {
        for (String path : List.of("/api/v1/maintenance-windows", "/webhooks/monitor")) {
            var response =
                    send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://localhost:" + port + path))
                            .header("Authorization", bearer())
                            .header("X-Padding", "p".repeat(9 * 1024))
                            .GET()
                            .build());

            assertThat(response.statusCode()).isEqualTo(400);
        }
        assertThat(count("notification")).isZero();
    }

    @Test
    void refusesAdminBodiesOver64KiB() {
        assertThat(mvc.post()
                        .uri("/api/v1/maintenance-windows")
                        .header("Authorization", bearer())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"reason\":\"" + "r".repeat(70 * 1024) + "\"}"))
                .hasStatus(HttpStatus.CONTENT_TOO_LARGE)
                .hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
    }

    @Test
    void refusesChunkedAdminBodiesOver64KiB() {
        // Valid JSON, padded with whitespace: without counting, it would create a window.
        byte[] body = (WINDOW.substring(0, WINDOW.length() - 1) + " ".repeat(70 * 1024) + "}")
                .getBytes(StandardCharsets.UTF_8);

        HttpResponse<String> response =
                send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/maintenance-windows"))
                        .header("Authorization", bearer())
                        .header("Content-Type", "application/json")
                        // No Content-Length: sent chunked.
                        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)))
                        .build());

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(response.body()).contains("\"title\":\"Content Too Large\"");
        assertThat(count("maintenance_window")).isZero();
    }

    /**
     * Spring's FormContentFilter, on by default, would read a whole form body into memory before
     * any of our filters: an endless one from anybody, without a token. Only the bytes the server
     * took before it refused the request can have been written.
     */
    @Test
    void readsNoUnauthenticatedFormBodyBeforeRefusingIt() throws Exception {
        long sent = 0;
        byte[] chunk = ("10000\r\n" + "a".repeat(0x10000) + "\r\n").getBytes(StandardCharsets.US_ASCII);
        try (var socket = new java.net.Socket("127.0.0.1", port)) {
            socket.setSoTimeout(20_000);
            var out = socket.getOutputStream();
            out.write(("PUT /api/v1/maintenance-windows/" + UUID.randomUUID() + " HTTP/1.1\r\n"
                            + "Host: localhost\r\n"
                            + "Content-Type: application/x-www-form-urlencoded\r\n"
                            + "Transfer-Encoding: chunked\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            try {
                while (sent < 64L * 1024 * 1024) {
                    out.write(chunk);
                    sent += 0x10000;
                }
                out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            } catch (java.io.IOException refused) {
                // The server answered and closed the connection without reading the rest.
            }
        }
        // Tomcat swallows a couple of MiB after an early answer; socket buffers hold a few more.
        assertThat(sent).isLessThan(16L * 1024 * 1024);
    }

    @Test
    void takesAChunkedAdminBodyWithinTheLimit() {
        byte[] body = WINDOW.getBytes(StandardCharsets.UTF_8);

        HttpResponse<String> response =
                send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/maintenance-windows"))
                        .header("Authorization", bearer())
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)))
                        .build());

        assertThat(response.statusCode()).isEqualTo(201);
    }

    @Test
    void refusesDuplicateKeysAndDeepNestingInAdminJson() {
        assertThat(
                        mvc.post()
                                .uri("/api/v1/maintenance-windows")
                                .header("Authorization", bearer())
                                .contentType(MediaType.APPLICATION_JSON)
                                .content(
                                        "{\"scope\":\"host\",\"scope\":\"url\",\"target\":\"h\",\"endsAt\":\"2026-03-01T13:00:00Z\"}"))
                .hasStatus(HttpStatus.BAD_REQUEST);
        assertThat(mvc.post()
                        .uri("/api/v1/maintenance-windows")
                        .header("Authorization", bearer())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"reason\":" + "[".repeat(500) + "]".repeat(500) + "}"))
                .hasStatus(HttpStatus.BAD_REQUEST);
        assertThat(count("maintenance_window")).isZero();
    }
}
