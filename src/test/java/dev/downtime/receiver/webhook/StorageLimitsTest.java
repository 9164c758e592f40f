package dev.downtime.receiver.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import dev.downtime.receiver.LongUrls;
import dev.downtime.receiver.PostgresIntegrationTest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Whatever the webhook accepts, PostgreSQL stores and indexes at once (committed before the
 * answer, not spooled); whatever it could not, the webhook refuses with a 400 and a reason. Limits
 * are in UTF-8 bytes. The URLs here are random characters of 1 to 4 bytes, which PostgreSQL cannot
 * compress: a b-tree entry holding such a URL of 4096 bytes would be over its limit.
 */
class StorageLimitsTest extends PostgresIntegrationTest {

    static String notification(String url, String more) {
        return "{\"url\":\"" + url + "\",\"code\":503,\"ts\":1772366400" + more + "}";
    }

    void assertRefused(String body, String reason) {
        HttpResponse<String> response = postWebhook(body);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("text/plain"));
        assertThat(response.body()).isEqualTo("invalid notification: " + reason);
        assertThat(count("notification")).isZero();
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3})
    void storesAndIndexesAUrlOfExactly4096Bytes(long seed) {
        String url = LongUrls.ofBytes(4096, seed);
        assertThat(LongUrls.utf8(url)).isEqualTo(4096);
        assertThat(url.codePointCount(0, url.length())).isLessThan(4096);

        HttpResponse<String> response = postWebhook(notification(url, ",\"host\":\"example\""));

        assertThat(response.statusCode()).isEqualTo(200);
        // Committed before the answer: the row is there now, not in the spool for later.
        Map<String, Object> row = jdbc.sql(
                        "SELECT raw_url, normalized_url, octet_length(normalized_url) AS bytes" + " FROM notification")
                .query()
                .singleRow();
        assertThat(row)
                .containsEntry("raw_url", url)
                .containsEntry("normalized_url", url)
                .containsEntry("bytes", 4096);
        // The same check again is found, through the duplicate index, and stored once.
        assertThat(postWebhook(notification(url, ",\"host\":\"example\"")).statusCode())
                .isEqualTo(200);
        assertThat(count("notification")).isEqualTo(1);
        // Found by its URL through the admin API, which looks it up by the indexed digest.
        String found = body(mvc.get()
                .uri("/api/v1/notifications")
                .param("url", url)
                .header("Authorization", bearer())
                .exchange());
        assertThat(JsonPath.<List<String>>read(found, "$.items[*].url")).containsExactly(url);
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3})
    void refusesAUrlOfOneByteMore(long seed) {
        String url = LongUrls.ofBytes(4097, seed);

        assertRefused(notification(url, ""), "url must be at most 4096 bytes in UTF-8");
    }

    /** 4093 bytes and one 4-byte character: 4097 bytes, though far fewer characters. */
    @Test
    void refusesAUrlWhoseLastCharacterCrossesTheLimit() {
        String url = LongUrls.ofBytes(4093, 7) + "😀";

        assertRefused(notification(url, ""), "url must be at most 4096 bytes in UTF-8");
    }

    @Test
    void refusesAUrlThatOnlyGrowsOverTheLimitOnceNormalized() {
        // "example.com/..." without a scheme: normalizing adds "http://", 7 bytes.
        String bare = LongUrls.ofBytes(4090, 4).substring("https://".length());
        assertThat(LongUrls.utf8(bare + "z".repeat(8))).isEqualTo(4090);

        assertRefused(
                notification(bare + "z".repeat(8), ""), "url must be at most 4096 bytes in UTF-8 once normalized");
        assertThat(postWebhook(notification(bare + "z".repeat(7), "")).statusCode())
                .isEqualTo(200);
        assertThat(jdbc.sql("SELECT octet_length(normalized_url) FROM notification")
                        .query(Integer.class)
                        .single())
                .isEqualTo(4096);
    }

    @Test
    void storesAHostOf200BytesAndRefusesOneOf201() {
        String host = "é".repeat(100);

        assertRefused(
                notification("http://example.com", ",\"host\":\"" + host + "a\""),
                "host must be at most 200 bytes in UTF-8");
        assertThat(postWebhook(notification("http://example.com", ",\"host\":\"" + host + "\""))
                        .statusCode())
                .isEqualTo(200);
        assertThat(jdbc.sql("SELECT host FROM notification").query(String.class).single())
                .isEqualTo(host);
    }

    @Test
    void storesATypeOf64BytesAndRefusesOneOf65() {
        String type = "€".repeat(21) + "a";

        assertRefused(
                notification("http://example.com", ",\"type\":\"" + type + "a\""),
                "type must be at most 64 bytes in UTF-8");
        assertThat(postWebhook(notification("http://example.com", ",\"type\":\"" + type + "\""))
                        .statusCode())
                .isEqualTo(200);
        assertThat(jdbc.sql("SELECT type FROM notification").query(String.class).single())
                .isEqualTo(type);
    }

    /** The forms kept as sent are bounded too: a string holding a number is at most 64 characters. */
    @Test
    void storesTheLongestNumbersAsSentAndRefusesLonger() {
        String code = " ".repeat(30) + "503" + " ".repeat(31);
        String ts = "\\t".repeat(27) + "1772366400.5" + "\\n".repeat(25);

        assertRefused("{\"url\":\"http://example.com\",\"code\":\"" + code + " \"}", MonitorPayloadParser.CODE_RULE);
        assertRefused(
                "{\"url\":\"http://example.com\",\"code\":503,\"ts\":\"" + ts + "\\n\"}", MonitorPayloadParser.TS_RULE);
        assertThat(postWebhook("{\"url\":\"http://example.com\",\"code\":\"" + code + "\",\"ts\":\"" + ts + "\"}")
                        .statusCode())
                .isEqualTo(200);
        assertThat(jdbc.sql("SELECT code, raw_code, ts_ms, raw_ts FROM notification")
                        .query()
                        .singleRow())
                .containsEntry("code", 503)
                .containsEntry("raw_code", "\"" + code + "\"")
                .containsEntry("ts_ms", 1772366400500L)
                .containsEntry("raw_ts", "\"" + ts + "\"");
    }

    /** An unpaired surrogate has no UTF-8 form: the driver would have stored a '?' in its place. */
    @Test
    void refusesTextThatIsNotValidUnicode() {
        assertRefused(
                notification("http://example.com/\\ud800", ""), "url must be valid Unicode (no unpaired surrogate)");
        assertRefused(
                notification("http://example.com", ",\"host\":\"\\udfff\""),
                "host must be valid Unicode (no unpaired surrogate)");
    }
}
