package dev.downtime.receiver.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import dev.downtime.receiver.IntegrationTest;
import dev.downtime.receiver.PostgresIntegrationTest;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * A query string whose percent-encoding does not decode to UTF-8 is bad input, whoever sends it:
 * Tomcat refuses to decode it when the parameters are first read, and that must be a 400 problem,
 * not a 500 with a stack trace in the log (the health endpoint reads them too, without a token).
 */
@ExtendWith(OutputCaptureExtension.class)
class MalformedQueryTest extends PostgresIntegrationTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(textBlock = """
            /api/v1/notifications/quarantine?since=%ED%A0%80
            /api/v1/notifications?url=%FF
            /api/v1/maintenance-windows?x=%C0
            /api/v1/audit?page=%FF
            /actuator/health?x=%FF
            /actuator/prometheus?name=%FF
            """)
    void answersAQueryThatIsNotUtf8With400(String pathAndQuery, CapturedOutput output) {
        HttpResponse<String> response =
                send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + pathAndQuery))
                        .header("Authorization", "Bearer " + IntegrationTest.ADMIN_TOKEN)
                        .GET()
                        .build());

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(JsonPath.<List<String>>read(response.body(), "$.errors[*].field"))
                .containsExactly("query");
        assertThat(output.getOut()).doesNotContain("Unexpected error").doesNotContain("InvalidParameterException");
    }
}
