package dev.downtime.receiver.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import dev.downtime.receiver.PostgresIntegrationTest;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Signing in with the company login end to end, against a small OpenID Connect provider of the
 * test's own (authorization request, code exchange, a signed ID token), the role coming from the
 * person's groups.
 */
class CompanyLoginFlowTest extends PostgresIntegrationTest {

    private static final RSAKey KEY;
    private static final HttpServer PROVIDER;
    /** The groups the provider puts in the next ID token; the nonce it must repeat. */
    private static volatile List<String> groups = List.of();

    private static volatile String nonce = "";

    static {
        try {
            KEY = new RSAKeyGenerator(2048).keyID("test").generate();
            PROVIDER = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (Exception e) {
            throw new ExceptionInInitializerError(e);
        }
        PROVIDER.createContext("/jwks", exchange -> {
            byte[] body = new JWKSet(KEY.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        PROVIDER.createContext("/token", exchange -> {
            byte[] body;
            try {
                body = ("{\"access_token\":\"at\",\"token_type\":\"Bearer\",\"expires_in\":300,\"id_token\":\""
                                + idToken() + "\"}")
                        .getBytes(StandardCharsets.UTF_8);
            } catch (Exception e) {
                throw new IOException(e);
            }
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        PROVIDER.start();
    }

    private final HttpClient http =
            HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @DynamicPropertySource
    static void companyLogin(DynamicPropertyRegistry properties) {
        String issuer = "http://127.0.0.1:" + PROVIDER.getAddress().getPort();
        String registration = "spring.security.oauth2.client.registration.company.";
        String provider = "spring.security.oauth2.client.provider.company.";
        properties.add(registration + "client-id", () -> "console");
        properties.add(registration + "client-secret", () -> "console-secret");
        properties.add(registration + "client-name", () -> "Example SSO");
        properties.add(registration + "scope", () -> "openid,profile");
        properties.add(registration + "authorization-grant-type", () -> "authorization_code");
        properties.add(registration + "redirect-uri", () -> "{baseUrl}/console/oauth2/code/{registrationId}");
        properties.add(provider + "authorization-uri", () -> issuer + "/authorize");
        properties.add(provider + "token-uri", () -> issuer + "/token");
        properties.add(provider + "jwk-set-uri", () -> issuer + "/jwks");
        properties.add(provider + "user-name-attribute", () -> "sub");
        properties.add("receiver.console.oidc.roles.ops", () -> "editor");
        properties.add("receiver.console.oidc.roles.ops-leads", () -> "admin");
    }

    @AfterAll
    static void stopProvider() {
        PROVIDER.stop(0);
    }

    @Test
    void signsInAPersonWithTheRoleOfTheirGroups() throws Exception {
        HttpResponse<String> page = get("/console/sign-in", null);
        assertThat(page.body())
                .contains("href=\"/console/oauth2/authorization/company\"")
                .contains("Sign in with Example SSO");

        groups = List.of("staff", "ops");
        HttpResponse<String> signedIn = completeLogin();

        assertThat(signedIn.statusCode()).isEqualTo(302);
        assertThat(signedIn.headers().firstValue("Location"))
                .hasValueSatisfying(l -> assertThat(l).endsWith("/console"));
        HttpResponse<String> now = get("/console", cookie(signedIn));
        assertThat(now.statusCode()).isEqualTo(200);
        assertThat(now.body()).contains("pat</span>").contains("editor");
        assertThat(get("/console/tokens", cookie(signedIn)).statusCode()).isEqualTo(403);
    }

    @Test
    void refusesAPersonInNoGroupGivenARole() throws Exception {
        groups = List.of("staff");

        HttpResponse<String> refused = completeLogin();

        assertThat(refused.statusCode()).isEqualTo(302);
        assertThat(refused.headers().firstValue("Location"))
                .hasValueSatisfying(l -> assertThat(l).endsWith("/console/sign-in?refused"));
        assertThat(refused.headers().allValues("Set-Cookie")).noneMatch(c -> c.startsWith("JSESSIONID="));
    }

    /** Follows the browser's part: to the provider, which answers at once, and back with a code. */
    private HttpResponse<String> completeLogin() throws Exception {
        HttpResponse<String> toProvider = get("/console/oauth2/authorization/company", null);
        assertThat(toProvider.statusCode()).isEqualTo(302);
        URI authorize = URI.create(toProvider.headers().firstValue("Location").orElseThrow());
        Map<String, String> query = Arrays.stream(authorize.getRawQuery().split("&"))
                .map(pair -> pair.split("=", 2))
                .collect(Collectors.toMap(pair -> pair[0], pair -> URLDecoder.decode(pair[1], StandardCharsets.UTF_8)));
        assertThat(query.get("redirect_uri")).isEqualTo("http://localhost:" + port + "/console/oauth2/code/company");
        nonce = query.get("nonce");
        return get(
                "/console/oauth2/code/company?code=the-code&state="
                        + java.net.URLEncoder.encode(query.get("state"), StandardCharsets.UTF_8),
                cookie(toProvider));
    }

    private static String idToken() throws Exception {
        String issuer = "http://127.0.0.1:" + PROVIDER.getAddress().getPort();
        Date now = new Date();
        var claims = new JWTClaimsSet.Builder()
                .issuer(issuer)
                .subject("subject-1")
                .audience("console")
                .issueTime(now)
                .expirationTime(new Date(now.getTime() + 300_000))
                .claim("nonce", nonce)
                .claim("preferred_username", "pat")
                .claim("groups", groups)
                .build();
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(KEY.getKeyID()).build(), claims);
        jwt.sign(new RSASSASigner(KEY));
        return jwt.serialize();
    }

    private static String cookie(HttpResponse<?> response) {
        return response.headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith("JSESSIONID="))
                .map(c -> c.substring(0, c.indexOf(';')))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no session cookie in " + response.headers()));
    }

    private HttpResponse<String> get(String path, String session) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path));
        if (session != null) {
            request.header("Cookie", session);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
