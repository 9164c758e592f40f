package dev.downtime.receiver;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.logging.LoggingInitializationContext;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.logging.LoggingSystemProperty;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.json.JsonMapper;

/**
 * With {@code LOGGING_STRUCTURED_FORMAT_CONSOLE=ecs} the log is one ECS JSON object per line, and a
 * line logged while a request is served carries the request's id, as its X-Request-Id says.
 */
@TestPropertySource(
        properties = {
            "logging.structured.format.console=ecs",
            // A webhook call from outside the allowlist is logged at WARN while it is served.
            "receiver.webhook.allowed-addresses=192.0.2.0/24",
            "receiver.webhook.allowlist-mode=log-only"
        })
@DirtiesContext
@ExtendWith(OutputCaptureExtension.class)
class StructuredLoggingTest extends PostgresIntegrationTest {

    static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void writesEcsJsonLinesWithTheRequestIdInTheirContext(CapturedOutput output) {
        HttpResponse<String> response =
                send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/webhooks/monitor"))
                        .POST(HttpRequest.BodyPublishers.ofString("{\"url\":\"http://example.com\",\"code\":503}"))
                        .build());
        assertThat(response.statusCode()).isEqualTo(200);
        String requestId = response.headers().firstValue("X-Request-Id").orElseThrow();

        List<String> lines =
                output.getOut().lines().filter(line -> !line.isBlank()).toList();
        assertThat(lines).isNotEmpty();
        List<Map<String, Object>> logged =
                lines.stream().map(StructuredLoggingTest::parse).toList();
        Map<String, Object> warning = logged.stream()
                .filter(line ->
                        String.valueOf(line.get("message")).contains("outside receiver.webhook.allowed-addresses"))
                .findFirst()
                .orElseThrow();
        assertThat(warning).containsKeys("@timestamp", "message").containsEntry("ecs", Map.of("version", "8.11"));
        assertThat(path(warning, "log", "level")).isEqualTo("WARN");
        assertThat(path(warning, "request", "id")).isEqualTo(requestId);
    }

    /** Every line is JSON: a line that is not fails here, naming it. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> parse(String line) {
        try {
            return JSON.readValue(line, Map.class);
        } catch (RuntimeException e) {
            throw new AssertionError("not a JSON log line: " + line, e);
        }
    }

    /** A field by its dotted ECS name, whether the formatter nested it or not. */
    @SuppressWarnings("unchecked")
    static Object path(Map<String, Object> line, String first, String second) {
        Object flat = line.get(first + "." + second);
        if (flat != null) {
            return flat;
        }
        Object nested = line.get(first);
        return nested instanceof Map<?, ?> map ? ((Map<String, Object>) map).get(second) : null;
    }

    /**
     * Back to the plain console log for the test classes that follow: Boot keeps the format in a
     * system property, which a context started later would otherwise take up again.
     */
    @AfterAll
    static void plainLogAgain() {
        System.clearProperty(LoggingSystemProperty.CONSOLE_STRUCTURED_FORMAT.getEnvironmentVariableName());
        LoggingSystem logging = LoggingSystem.get(StructuredLoggingTest.class.getClassLoader());
        logging.cleanUp();
        logging.beforeInitialize();
        logging.initialize(new LoggingInitializationContext(new StandardEnvironment()), null, null);
    }
}
