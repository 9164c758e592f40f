package dev.downtime.receiver.notifications;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import dev.downtime.receiver.PostgresIntegrationTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

class QuarantineApiTest extends PostgresIntegrationTest {

    static final String QUARANTINE = "/api/v1/notifications/quarantine";

    @Autowired
    NotificationQuarantine quarantine;

    /**
     * Three notifications PostgreSQL refuses (a CHECK constraint added for the test), at 12:00,
     * 12:01 and 12:02, then an unreadable spool line at 12:03.
     */
    @BeforeEach
    void quarantineSome() {
        jdbc.sql("ALTER TABLE notification DROP CONSTRAINT IF EXISTS test_refuses_marked_rows")
                .update();
        jdbc.sql("ALTER TABLE notification ADD CONSTRAINT test_refuses_marked_rows"
                        + " CHECK (position('refuse-me' in raw_url) = 0) NOT VALID")
                .update();
        for (int i = 1; i <= 3; i++) {
            assertThat(postWebhook("{\"ts\":" + i + ",\"url\":\"http:\\/\\/refuse-me.example.com\\/" + i
                                    + "\",\"code\":503,\"host\":\"example\",\"type\":\"http\"}")
                            .body())
                    .isEqualTo("ok");
            clock.advance(Duration.ofMinutes(1));
        }
        byte[] torn = {'{', '"', 'u', 'r', 'l', '"', ':', '"', (byte) 0xC3};
        quarantine.putUnreadable(new NotificationSpool.UnreadableLine(
                "segment-00000000000000000007.jsonl", 120, torn, "not UTF-8 (a torn multibyte character?)"));
    }

    @AfterEach
    void dropTestConstraint() {
        jdbc.sql("ALTER TABLE notification DROP CONSTRAINT IF EXISTS test_refuses_marked_rows")
                .update();
    }

    @Test
    void listsWhatWasQuarantinedNewestFirstWithTheReason() {
        String body =
                body(mvc.get().uri(QUARANTINE).header("Authorization", bearer()).exchange());

        assertThat(JsonPath.<Integer>read(body, "$.totalItems")).isEqualTo(4);
        assertThat(JsonPath.<List<String>>read(body, "$.items[*].stage"))
                .containsExactly("spool", "commit", "commit", "commit");
        assertThat(JsonPath.<List<String>>read(body, "$.items[*].quarantinedAt"))
                .containsExactly(
                        "2026-03-01T12:03:00Z", "2026-03-01T12:02:00Z", "2026-03-01T12:01:00Z", "2026-03-01T12:00:00Z");

        assertThat(JsonPath.<String>read(body, "$.items[3].sqlState")).isEqualTo("23514");
        assertThat(JsonPath.<String>read(body, "$.items[3].reason")).contains("test_refuses_marked_rows");
        assertThat(JsonPath.<String>read(body, "$.items[3].notification.url"))
                .isEqualTo("http://refuse-me.example.com/1");
        assertThat(JsonPath.<Integer>read(body, "$.items[3].notification.ts")).isEqualTo(1);
        assertThat(JsonPath.<String>read(body, "$.items[3].notification.reply")).isEqualTo("ok");
        assertThat(JsonPath.<String>read(body, "$.items[3].id"))
                .isEqualTo(JsonPath.<String>read(body, "$.items[3].notification.id"));
        assertThat(JsonPath.<Object>read(body, "$.items[3].line")).isNull();

        assertThat(JsonPath.<Object>read(body, "$.items[0].sqlState")).isNull();
        assertThat(JsonPath.<Object>read(body, "$.items[0].notification")).isNull();
        assertThat(JsonPath.<String>read(body, "$.items[0].line")).isEqualTo("{\"url\":\"\uFFFD");
        assertThat(JsonPath.<String>read(body, "$.items[0].reason")).contains("torn");
    }

    @Test
    void keepsTheRefusedBytesExactly() {
        byte[] payload = jdbc.sql("SELECT payload FROM notification_quarantine WHERE stage = 'spool'")
                .query(byte[].class)
                .single();

        assertThat(payload).isEqualTo(new byte[] {'{', '"', 'u', 'r', 'l', '"', ':', '"', (byte) 0xC3});
        assertThat(new String(
                        jdbc.sql("SELECT payload FROM notification_quarantine WHERE stage = 'commit' LIMIT 1")
                                .query(byte[].class)
                                .single(),
                        StandardCharsets.UTF_8))
                .contains("\"rawUrl\":\"http://refuse-me.example.com/");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            ?size=2                                                  | 2026-03-01T12:03:00Z,2026-03-01T12:02:00Z
            ?size=2&page=1                                           | 2026-03-01T12:01:00Z,2026-03-01T12:00:00Z
            ?since=2026-03-01T12:02:00Z                              | 2026-03-01T12:03:00Z,2026-03-01T12:02:00Z
            ?until=2026-03-01T12:01:00Z                              | 2026-03-01T12:00:00Z
            ?since=2026-03-01T12:01:00Z&until=2026-03-01T12:03:00Z   | 2026-03-01T12:02:00Z,2026-03-01T12:01:00Z
            """)
    void filtersAndPages(String query, String expected) {
        String body = body(mvc.get()
                .uri(QUARANTINE + query)
                .header("Authorization", bearer())
                .exchange());

        assertThat(JsonPath.<List<String>>read(body, "$.items[*].quarantinedAt"))
                .containsExactly(expected.split(","));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            ?size=0            | size
            ?size=201          | size
            ?page=-1           | page
            ?page=x            | page
            ?since=yesterday   | since
            """)
    void refusesInvalidParametersWithAProblem(String query, String field) {
        var result = mvc.get()
                .uri(QUARANTINE + query)
                .header("Authorization", bearer())
                .exchange();

        assertThat(result).hasStatus(HttpStatus.BAD_REQUEST).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(JsonPath.<List<String>>read(body(result), "$.errors[*].field"))
                .containsExactly(field);
    }

    @Test
    void needsAToken() {
        assertThat(mvc.get().uri(QUARANTINE))
                .hasStatus(HttpStatus.UNAUTHORIZED)
                .hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
    }
}
