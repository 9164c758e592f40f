package dev.downtime.receiver.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import dev.downtime.receiver.PostgresIntegrationTest;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

class DecisionApiTest extends PostgresIntegrationTest {

    void createWindow(String scope, String target, String startsAt, String endsAt) {
        assertThat(mvc.post()
                        .uri("/api/v1/maintenance-windows")
                        .header("Authorization", bearer())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"scope\":\"%s\",\"target\":\"%s\",\"startsAt\":\"%s\",\"endsAt\":\"%s\"}"
                                .formatted(scope, target, startsAt, endsAt)))
                .hasStatus(HttpStatus.CREATED);
    }

    String explain(String query) {
        var result = mvc.get()
                .uri("/api/v1/decision" + query)
                .header("Authorization", bearer())
                .exchange();
        assertThat(result).hasStatusOk();
        return body(result);
    }

    @Test
    void explainsTheStretchAndTheExactReply() {
        createWindow("domain", "*.example.com", "2026-03-01T11:00:00Z", "2026-03-01T12:30:00Z");
        createWindow("host", "bighost", "2026-03-01T12:30:00Z", "2026-03-01T14:00:00Z");
        createWindow("url", "http://www.example.com", "2026-03-01T15:00:00Z", "2026-03-01T16:00:00Z");

        String body = explain("?url=WWW.example.com/&host=BigHost&code=503");

        assertThat(JsonPath.<String>read(body, "$.normalizedUrl")).isEqualTo("http://www.example.com");
        assertThat(JsonPath.<String>read(body, "$.coveredUntil")).isEqualTo("2026-03-01T14:00:00Z");
        assertThat(JsonPath.<String>read(body, "$.reply")).isEqualTo("2026-03-01T14:00:00Z");
        assertThat(JsonPath.<List<String>>read(body, "$.matchingWindows[*].target"))
                .containsExactlyInAnyOrder("*.example.com", "bighost", "http://www.example.com");
        assertThat(JsonPath.<List<String>>read(body, "$.matchingWindows[?(@.inStretch == true)].target"))
                .containsExactlyInAnyOrder("*.example.com", "bighost");
        assertThat(JsonPath.<List<String>>read(body, "$.matchingWindows[?(@.state == 'upcoming')].target"))
                .containsExactlyInAnyOrder("bighost", "http://www.example.com");
    }

    @Test
    void saysOkForARecoveryWhileStillShowingTheStretch() {
        createWindow("domain", "example.com", "2026-03-01T11:00:00Z", "2026-03-01T13:00:00Z");

        String body = explain("?url=example.com&code=200");

        assertThat(JsonPath.<String>read(body, "$.reply")).isEqualTo("ok");
        assertThat(JsonPath.<String>read(body, "$.coveredUntil")).isEqualTo("2026-03-01T13:00:00Z");
    }

    @Test
    void treatsAMissingCodeAsAFailure() {
        createWindow("domain", "example.com", "2026-03-01T11:00:00Z", "2026-03-01T13:00:00Z");

        assertThat(JsonPath.<String>read(explain("?url=example.com"), "$.reply"))
                .isEqualTo("2026-03-01T13:00:00Z");
        assertThat(JsonPath.<String>read(explain("?url=other.test"), "$.reply")).isEqualTo("ok");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            ''                          | url  | is required
            ?url=                       | url  |
            ?url=ftp://x                | url  |
            ?url=example.com&code=1000  | code | must be less than or equal to 999
            ?url=a.com&code=x           | code | must be an integer
            """)
    void refusesAMissingOrInvalidUrlOrCodeWithAProblemNamingTheField(
            String query, String field, @Nullable String message) {
        var result = mvc.get()
                .uri("/api/v1/decision" + query)
                .header("Authorization", bearer())
                .exchange();

        assertThat(result).hasStatus(HttpStatus.BAD_REQUEST).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(JsonPath.<List<String>>read(body(result), "$.errors[*].field"))
                .containsExactly(field);
        if (message != null) {
            assertThat(JsonPath.<List<String>>read(body(result), "$.errors[*].message"))
                    .containsExactly(message);
        }
    }
}
