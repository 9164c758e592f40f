package dev.downtime.receiver.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.downtime.receiver.PostgresIntegrationTest;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

/** The options of a deployment that keeps operations endpoints apart and lets a browser UI in. */
@TestPropertySource(
        properties = {"management.server.port=0", "receiver.admin.cors-allowed-origins=https://ops.example"})
@DirtiesContext
class ExposureTest extends PostgresIntegrationTest {

    @LocalManagementPort
    int managementPort;

    HttpResponse<String> get(int port, String path) {
        return send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .GET()
                .build());
    }

    @Test
    void servesActuatorOnlyOnTheManagementPort() {
        assertThat(managementPort).isNotEqualTo(port);
        assertThat(get(managementPort, "/actuator/health").statusCode()).isEqualTo(200);
        assertThat(get(managementPort, "/actuator/prometheus").body()).contains("receiver_spool_depth");
        assertThat(get(port, "/actuator/health").statusCode()).isEqualTo(404);
        assertThat(get(managementPort, "/actuator/env").statusCode()).isEqualTo(404);
    }

    /** Only operations reach the management port: health tells them everything, without a token. */
    @Test
    void showsHealthDetailsToEveryoneOnTheManagementPort() {
        assertThat(get(managementPort, "/actuator/health").body()).contains("\"components\"");
        assertThat(get(managementPort, "/actuator/health/readiness").body()).contains("\"spoolDepth\":0");
    }

    @Test
    void letsOnlyTheConfiguredOriginCallTheAdminApiFromABrowser() {
        HttpResponse<String> allowed = send(preflight("https://ops.example"));
        HttpResponse<String> other = send(preflight("https://evil.example"));

        assertThat(allowed.headers().firstValue("Access-Control-Allow-Origin")).hasValue("https://ops.example");
        assertThat(other.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        assertThat(other.statusCode()).isEqualTo(403);
    }

    HttpRequest preflight(String origin) {
        return HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/maintenance-windows"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", origin)
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "authorization,content-type")
                .build();
    }
}
