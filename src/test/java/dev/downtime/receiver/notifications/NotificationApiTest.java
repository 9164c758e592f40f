package dev.downtime.receiver.notifications;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import dev.downtime.receiver.PostgresIntegrationTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

class NotificationApiTest extends PostgresIntegrationTest {

    static final String NOTIFICATIONS = "/api/v1/notifications";

    /** Five notifications, one a minute from 12:00 to 12:04. */
    @BeforeEach
    void receiveSome() {
        String[] bodies = {
            "{\"ts\":1,\"url\":\"http:\\/\\/example.com\",\"code\":503,\"host\":\"example\",\"type\":\"http\"}",
            "{\"ts\":2,\"url\":\"https:\\/\\/shop.test\\/\",\"code\":0,\"host\":\"Other\"}",
            "{\"ts\":3,\"url\":\"EXAMPLE.com\\/\",\"code\":500,\"host\":\"EXAMPLE\"}",
            "{\"ts\":4,\"url\":\"http:\\/\\/example.com\",\"code\":200,\"host\":\"example\"}",
            "{\"ts\":5,\"url\":\"https:\\/\\/shop.test\",\"code\":404,\"host\":\"other\"}"
        };
        for (String body : bodies) {
            assertThat(postWebhook(body).statusCode()).isEqualTo(200);
            clock.advance(Duration.ofMinutes(1));
        }
    }

    @Test
    void listsEveryNotificationNewestFirstWithItsReply() {
        String body = body(
                mvc.get().uri(NOTIFICATIONS).header("Authorization", bearer()).exchange());

        assertThat(JsonPath.<List<Integer>>read(body, "$.items[*].ts")).containsExactly(5, 4, 3, 2, 1);
        assertThat(JsonPath.<Integer>read(body, "$.totalItems")).isEqualTo(5);
        assertThat(JsonPath.<String>read(body, "$.items[4].receivedAt")).isEqualTo("2026-03-01T12:00:00Z");
        assertThat(JsonPath.<String>read(body, "$.items[4].url")).isEqualTo("http://example.com");
        assertThat(JsonPath.<String>read(body, "$.items[4].reply")).isEqualTo("ok");
        assertThat(JsonPath.<String>read(body, "$.items[4].type")).isEqualTo("http");
        assertThat(JsonPath.<List<String>>read(body, "$.items[4].windowIds")).isEmpty();
    }

    /** What was understood, and next to it what was sent, as the JSON value it was. */
    @Test
    void showsCodeAndTsAsSentNextToWhatWasUnderstood() {
        jdbc.sql("TRUNCATE notification").update();
        postWebhook("{\"url\":\"http:\\/\\/s.example.com\",\"code\":\"0\",\"ts\":\" 1772366400.25\"}");
        clock.advance(Duration.ofMinutes(1));
        postWebhook("{\"url\":\"http:\\/\\/s.example.com\",\"code\":5.03e2,\"ts\":1772366460}");

        String body = body(
                mvc.get().uri(NOTIFICATIONS).header("Authorization", bearer()).exchange());

        assertThat(body)
                .contains("\"code\":503,")
                .contains("\"ts\":1772366460,")
                .contains("\"tsMillis\":1772366460000,\"rawTs\":1772366460,\"rawCode\":5.03e2,\"tsSkewed\":false")
                .contains("\"code\":0,")
                .contains("\"ts\":1772366400,")
                .contains(
                        "\"tsMillis\":1772366400250,\"rawTs\":\" 1772366400.25\",\"rawCode\":\"0\",\"tsSkewed\":false");
    }

    /** Rows stored before the forms as sent were kept show them as null. */
    @Test
    void showsNoFormAsSentForNotificationsStoredBeforeItWasKept() {
        jdbc.sql("UPDATE notification SET raw_ts = NULL, raw_code = NULL").update();

        String body = body(
                mvc.get().uri(NOTIFICATIONS).header("Authorization", bearer()).exchange());

        assertThat(JsonPath.<List<Object>>read(body, "$.items[*].rawCode"))
                .hasSize(5)
                .containsOnlyNulls();
        assertThat(JsonPath.<List<Object>>read(body, "$.items[*].rawTs"))
                .hasSize(5)
                .containsOnlyNulls();
        assertThat(JsonPath.<List<Integer>>read(body, "$.items[*].ts")).containsExactly(5, 4, 3, 2, 1);
    }

    /** A row written by hand with forms that are not JSON values: shown as strings, the response intact. */
    @Test
    void showsAFormAsSentThatIsNotAJsonNumberOrStringAsAString() {
        jdbc.sql("TRUNCATE notification").update();
        jdbc.sql("""
                INSERT INTO notification (id, received_at, ts, ts_ms, raw_ts, raw_url, normalized_url, code, raw_code,
                                          reply, window_ids, foreign_host)
                VALUES ('0195a2b4-6c00-7000-8000-000000000001', '2026-03-01T12:00:00Z', 1, 1000,
                        '1,"injected":true', 'example.com', 'http://example.com', 503, '[503',
                        'ok', '{}', false)
                """).update();

        String body = body(
                mvc.get().uri(NOTIFICATIONS).header("Authorization", bearer()).exchange());

        assertThat(JsonPath.<String>read(body, "$.items[0].rawTs")).isEqualTo("1,\"injected\":true");
        assertThat(JsonPath.<String>read(body, "$.items[0].rawCode")).isEqualTo("[503");
        assertThat(JsonPath.<Map<String, Object>>read(body, "$.items[0]")).doesNotContainKey("injected");
        assertThat(JsonPath.<Integer>read(body, "$.items[0].code")).isEqualTo(503);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            ?url=http://Example.com/                                  | 4,3,1
            ?url=https://shop.test                                    | 5,2
            ?host=OTHER                                               | 5,2
            ?code=5xx                                                 | 3,1
            ?code=503                                                 | 1
            ?code=2XX                                                 | 4
            ?code=0                                                   | 2
            ?since=2026-03-01T12:01:00Z                               | 5,4,3,2
            ?until=2026-03-01T12:01:00Z                               | 1
            ?since=2026-03-01T12:01:00Z&until=2026-03-01T12:03:00Z    | 3,2
            ?url=example.com&code=5xx&since=2026-03-01T12:01:00Z      | 3
            ?size=2&page=1                                            | 3,2
            """)
    void filtersAndPages(String query, String expectedTs) {
        String body = body(mvc.get()
                .uri(NOTIFICATIONS + query)
                .header("Authorization", bearer())
                .exchange());

        List<Integer> ts = JsonPath.read(body, "$.items[*].ts");
        assertThat(ts.stream().map(String::valueOf).toList()).containsExactly(expectedTs.split(","));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            ?code=5x          | code
            ?code=1000        | code
            ?code=abc         | code
            ?since=yesterday  | since
            ?until=2026-03-01 | until
            ?url=ftp://x      | url
            ?size=500         | size
            ?page=x           | page
            """)
    void refusesInvalidFiltersWithAProblemNamingTheField(String query, String field) {
        var result = mvc.get()
                .uri(NOTIFICATIONS + query)
                .header("Authorization", bearer())
                .exchange();

        assertThat(result).hasStatus(HttpStatus.BAD_REQUEST).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(JsonPath.<List<String>>read(body(result), "$.errors[*].field"))
                .containsExactly(field);
        assertThat(JsonPath.<List<String>>read(body(result), "$.errors[*].message"))
                .singleElement()
                .asString()
                .isNotBlank();
    }

    @Test
    void requiresAToken() {
        assertThat(mvc.get().uri(NOTIFICATIONS)).hasStatus(HttpStatus.UNAUTHORIZED);
    }
}
