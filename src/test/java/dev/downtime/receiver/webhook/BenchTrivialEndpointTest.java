package dev.downtime.receiver.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import dev.downtime.receiver.PostgresIntegrationTest;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.util.unit.DataSize;

/** The baseline endpoint of {@code bench/run.sh}: there only under the {@code bench} profile. */
class BenchTrivialEndpointTest extends PostgresIntegrationTest {

    @Test
    void isAbsentWithoutTheBenchProfile() {
        HttpResponse<String> response =
                send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + BenchTrivialController.PATH))
                        .POST(HttpRequest.BodyPublishers.ofString(MonitorWebhookTest.SPEC_EXAMPLE))
                        .build());

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(count("notification")).isZero();
    }

    @Test
    void parsesLikeTheWebhookAndAnswersOkWithoutRecordingAnything() {
        MockMvcTester trivial = MockMvcTester.create(MockMvcBuilders.standaloneSetup(
                        new BenchTrivialController(new NotificationBodyReader(new WebhookProperties(
                                DataSize.ofKilobytes(64),
                                List.of(),
                                List.of(),
                                WebhookProperties.AllowlistMode.ENFORCE,
                                List.of(),
                                List.of(),
                                20,
                                Duration.ofMinutes(1),
                                Duration.ofSeconds(10),
                                Duration.ofHours(1),
                                true))))
                .build());

        var accepted = trivial.post()
                .uri(BenchTrivialController.PATH)
                .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .content(MonitorWebhookTest.SPEC_EXAMPLE.getBytes(StandardCharsets.UTF_8))
                .exchange();
        var refused = trivial.post()
                .uri(BenchTrivialController.PATH)
                .content("{\"url\":\"http:\\/\\/example.com\"}")
                .exchange();

        assertThat(accepted).hasStatusOk().hasBodyTextEqualTo("ok");
        assertThat(refused)
                .hasStatus(HttpStatus.BAD_REQUEST)
                .hasBodyTextEqualTo("invalid notification: code is required");
        assertThat(count("notification")).isZero();
    }
}
