package dev.downtime.receiver.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import dev.downtime.receiver.PostgresIntegrationTest;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

/**
 * On a cloud platform Boot recognises (here Kubernetes), it would turn on Tomcat's RemoteIpValve,
 * which believes {@code X-Forwarded-For} from any private or loopback peer: a stranger behind such
 * a hop could then pick an allowed address. Only {@code receiver.webhook.trusted-proxies} counts.
 */
@TestPropertySource(
        properties = {
            "spring.main.cloud-platform=kubernetes",
            "receiver.webhook.allowed-addresses=203.0.113.0/24",
            "receiver.webhook.failed-auth-burst=10000"
        })
@DirtiesContext
class ForwardedHeadersTest extends PostgresIntegrationTest {

    @Test
    void believesNoForwardedAddressFromAPeerThatIsNotATrustedProxy() {
        HttpResponse<String> response =
                send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/webhooks/monitor"))
                        .header("X-Forwarded-For", "203.0.113.5")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"ts\":1,\"url\":\"example.com\",\"code\":503}"))
                        .build());

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body()).isEqualTo("not found");
        assertThat(count("notification")).isZero();
    }
}
