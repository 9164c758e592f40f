package dev.downtime.receiver.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.downtime.receiver.IntegrationTest;
import dev.downtime.receiver.PostgresIntegrationTest;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.catalina.Context;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import tools.jackson.databind.json.JsonMapper;

/**
 * The console's session over real HTTP, as Tomcat and Spring Security give it: its cookie, its idle
 * timeout, CSRF, sign-out, the roles on pages and actions, and that it opens no bearer-only API.
 */
class ConsoleSessionTest extends PostgresIntegrationTest {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    private final HttpClient http =
            HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @Autowired
    private WebServerApplicationContext server;

    @Autowired
    private JsonMapper json;

    @Test
    void signingInOpensAnHttpOnlySameSiteStrictSessionThatEndsAfterTheIdleTimeout() throws Exception {
        HttpResponse<String> signedIn = signInResponse(IntegrationTest.ADMIN_TOKEN);

        assertThat(signedIn.statusCode()).isEqualTo(302);
        assertThat(signedIn.headers().firstValue("Location"))
                .hasValueSatisfying(l -> assertThat(l).endsWith("/console"));
        String setCookie = signedIn.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(setCookie).startsWith("JSESSIONID=").contains("HttpOnly").contains("SameSite=Strict");
        String session = cookie(signedIn);
        Context context = (Context)
                ((TomcatWebServer) server.getWebServer()).getTomcat().getHost().findChildren()[0];
        assertThat(context.getManager()
                        .findSession(session.substring("JSESSIONID=".length()))
                        .getMaxInactiveInterval())
                .isEqualTo(30 * 60);
        assertThat(get("/console", session).statusCode()).isEqualTo(200);
    }

    @Test
    void signingOutEndsTheSession() throws Exception {
        String session = signIn(IntegrationTest.ADMIN_TOKEN);
        String csrf = csrf(get("/console", session).body());

        HttpResponse<String> signedOut = post("/console/sign-out", session, Map.of("_csrf", csrf));

        assertThat(signedOut.statusCode()).isEqualTo(302);
        assertThat(signedOut.headers().firstValue("Location"))
                .hasValueSatisfying(l -> assertThat(l).endsWith("/console/sign-in?signed-out"));
        HttpResponse<String> after = get("/console", session);
        assertThat(after.statusCode()).isEqualTo(302);
        assertThat(after.headers().firstValue("Location"))
                .hasValueSatisfying(l -> assertThat(l).endsWith("/console/sign-in"));
    }

    @Test
    void revokingAnIssuedTokenEndsTheSessionsOpenedWithIt() throws Exception {
        String token = issue("vera", "viewer");
        String session = signIn(token);
        assertThat(get("/console", session).statusCode()).isEqualTo(200);
        UUID id = jdbc.sql("SELECT id FROM admin_token WHERE name = 'vera'")
                .query(UUID.class)
                .single();

        HttpResponse<String> revoked = http.send(
                HttpRequest.newBuilder(uri("/api/v1/tokens/" + id))
                        .header("Authorization", "Bearer " + IntegrationTest.ADMIN_TOKEN)
                        .DELETE()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(revoked.statusCode()).isEqualTo(204);
        awaitEventsHandled();

        HttpResponse<String> after = get("/console", session);
        assertThat(after.statusCode()).isEqualTo(302);
        assertThat(after.headers().firstValue("Location"))
                .hasValueSatisfying(l -> assertThat(l).endsWith("/console/sign-in"));
    }

    @Test
    void refusesASignInPostedWithoutItsCsrfToken() throws Exception {
        HttpResponse<String> page = get("/console/sign-in", null);

        HttpResponse<String> refused =
                post("/console/sign-in", cookie(page), Map.of("token", IntegrationTest.ADMIN_TOKEN));

        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.headers().allValues("Set-Cookie")).noneMatch(c -> c.startsWith("JSESSIONID="));
    }

    @Test
    void aViewerMayReadButIsRefusedEveryChangeAndTheAdminPages() throws Exception {
        String session = signIn(issue("vera", "viewer"));
        HttpResponse<String> windows = get("/console/windows", session);
        assertThat(windows.statusCode()).isEqualTo(200);
        assertThat(windows.body()).doesNotContain("id=\"plan-window\"");

        HttpResponse<String> planned = planWindow(session, windows);

        assertThat(planned.statusCode()).isEqualTo(403);
        assertThat(jdbc.sql("SELECT count(*) FROM maintenance_window")
                        .query(Long.class)
                        .single())
                .isZero();
        assertThat(get("/console/tokens", session).statusCode()).isEqualTo(403);
        assertThat(get("/console/audit", session).statusCode()).isEqualTo(403);
    }

    /** Posts the windows page's plan form: half an hour on https://example.com/. */
    HttpResponse<String> planWindow(String session, HttpResponse<String> windowsPage) throws Exception {
        return post(
                "/console/windows",
                session,
                Map.of(
                        "_csrf", csrf(windowsPage.body()),
                        "scope", "url",
                        "target", "https://example.com/",
                        "minutes", "30"));
    }

    @Test
    void anEditorMayPlanWindowsButNotManageTokens() throws Exception {
        String session = signIn(issue("eddie", "editor"));
        HttpResponse<String> windows = get("/console/windows", session);

        HttpResponse<String> planned = planWindow(session, windows);

        assertThat(planned.statusCode()).isEqualTo(302);
        assertThat(jdbc.sql("SELECT created_by FROM maintenance_window")
                        .query(String.class)
                        .single())
                .isEqualTo("eddie");
        assertThat(get("/console/tokens", session).statusCode()).isEqualTo(403);
    }

    @Test
    void aConsoleSessionOpensTheApiDocumentationButNoBearerOnlyApi() throws Exception {
        assertThat(get("/v3/api-docs", null).statusCode()).isEqualTo(401);
        String session = signIn(issue("vera", "viewer"));

        assertThat(get("/v3/api-docs", session).statusCode()).isEqualTo(200);
        assertThat(get("/api/v1/maintenance-windows", session).statusCode()).isEqualTo(401);
    }

    @Test
    void showsABadFilterAsA400PageNamingTheField() throws Exception {
        String session = signIn(IntegrationTest.ADMIN_TOKEN);

        HttpResponse<String> refused = get("/console/notifications?code=5x5", session);

        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("text/html"));
        assertThat(refused.body()).contains("code must be a status code such as 503 or a class such as 5xx");
    }

    private String issue(String name, String role) throws IOException, InterruptedException {
        HttpResponse<String> issued = http.send(
                HttpRequest.newBuilder(uri("/api/v1/tokens"))
                        .header("Authorization", "Bearer " + IntegrationTest.ADMIN_TOKEN)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "{\"name\":\"" + name + "\",\"role\":\"" + role + "\"}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(issued.statusCode()).isEqualTo(201);
        String token = json.readTree(issued.body()).get("token").asString();
        // Issued tokens reach the in-memory directory once their transaction commits.
        awaitEventsHandled();
        return token;
    }

    private String signIn(String token) throws IOException, InterruptedException {
        HttpResponse<String> signedIn = signInResponse(token);
        assertThat(signedIn.headers().firstValue("Location"))
                .hasValueSatisfying(l -> assertThat(l).doesNotContain("sign-in"));
        return cookie(signedIn);
    }

    private HttpResponse<String> signInResponse(String token) throws IOException, InterruptedException {
        HttpResponse<String> page = get("/console/sign-in", null);
        return post("/console/sign-in", cookie(page), Map.of("_csrf", csrf(page.body()), "token", token));
    }

    private static String cookie(HttpResponse<?> response) {
        return response.headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith("JSESSIONID="))
                .map(c -> c.substring(0, c.indexOf(';')))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no session cookie in " + response.headers()));
    }

    private static String csrf(String html) {
        Matcher matcher = CSRF.matcher(html);
        assertThat(matcher.find()).as("a CSRF field in the page").isTrue();
        return matcher.group(1);
    }

    private HttpResponse<String> get(String path, String session) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path));
        if (session != null) {
            request.header("Cookie", session);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String session, Map<String, String> form)
            throws IOException, InterruptedException {
        String body = new LinkedHashMap<>(form)
                .entrySet().stream()
                        .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                        .collect(Collectors.joining("&"));
        return http.send(
                HttpRequest.newBuilder(uri(path))
                        .header("Cookie", session)
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }
}
