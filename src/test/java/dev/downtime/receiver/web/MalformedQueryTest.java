package dev.downtime.receiver.web;

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
 * Query strings the service cannot use are bad input, whoever sends them, answered 400 with a
 * problem rather than 500 with a stack trace in the log: percent-encoding that does not decode to
 * UTF-8 (Tomcat refuses it when the parameters are first read, also for the health endpoint, which
 * needs no token), and instants PostgreSQL cannot hold.
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

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            /api/v1/notifications/quarantine?since=%2B10000-01-01T00:00:00Z     | since
            /api/v1/notifications/quarantine?until=-1000000000-01-01T00:00:00Z  | until
            /api/v1/notifications?since=%2B1000000-01-01T00:00:00Z              | since
            /api/v1/incidents?since=%2B1000000000-12-31T23:59:59.999999999Z     | since
            /api/v1/audit?since=-10000-01-01T00:00:00Z                           | since
            """)
    void answersAnInstantPostgresqlCannotHoldWith400(String pathAndQuery, String field, CapturedOutput output) {
        HttpResponse<String> response =
                send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + pathAndQuery))
                        .header("Authorization", "Bearer " + IntegrationTest.ADMIN_TOKEN)
                        .GET()
                        .build());

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(JsonPath.<List<String>>read(response.body(), "$.errors[*].field"))
                .containsExactly(field);
        assertThat(output.getOut()).doesNotContain("Unexpected error");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(textBlock = """
            /api/v1/notifications/quarantine?since=0000-01-01T00:00:00Z&until=9999-12-31T23:59:59.999999Z
            /api/v1/notifications?since=1970-01-01T00:00:00Z
            """)
    void takesInstantsFromYear0To9999(String pathAndQuery) {
        HttpResponse<String> response =
                send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + pathAndQuery))
                        .header("Authorization", "Bearer " + IntegrationTest.ADMIN_TOKEN)
                        .GET()
                        .build());

        assertThat(response.statusCode()).isEqualTo(200);
    }
}
