package dev.downtime.receiver.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.code_intelligence.jazzer.mutation.annotation.NotNull;
import dev.downtime.receiver.site.SiteUrl;
import java.nio.charset.StandardCharsets;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Any bytes either parse into a payload within its rules or are refused with {@link
 * InvalidPayloadException}: never another exception, never a payload out of range or that could
 * not be stored, and what is kept as sent is the JSON value that was understood.
 */
class MonitorPayloadParserFuzzTest {

    static final JsonMapper JSON = JsonMapper.builder().build();

    @FuzzTest(maxDuration = "30s")
    void parsesAnyBytesIntoAValidPayloadOrRefusesThem(@NotNull byte[] body) {
        MonitorPayload payload;
        try {
            payload = MonitorPayloadParser.parse(body);
        } catch (InvalidPayloadException refused) {
            assertThat(refused.getMessage()).doesNotContain("Exception");
            return;
        }
        if (!startsLikeUtf16Or32(body)) {
            // Accepted UTF-8 is valid UTF-8: no overlong form read as the character it spells.
            assertThatCode(() -> StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(body)))
                    .doesNotThrowAnyException();
        }
        assertThat(utf8(payload.url())).isLessThanOrEqualTo(SiteUrl.MAX_BYTES);
        assertThat(utf8(payload.site().value())).isLessThanOrEqualTo(SiteUrl.MAX_BYTES);
        assertThat(payload.code()).isBetween(0, 999);
        assertThat(number(payload.rawCode()).intValue()).isEqualTo(payload.code());
        if (payload.tsMillis() != null) {
            assertThat(payload.tsMillis()).isBetween(0L, MonitorPayloadParser.MAX_TS_MILLIS);
            assertThat(payload.rawTs()).isNotNull();
            // Rounded half up: within [ms - 0.5, ms + 0.5) ms. Compared only, never scaled: the raw
            // form may be 1e-999999999.
            java.math.BigDecimal seconds = number(payload.rawTs());
            java.math.BigDecimal half = new java.math.BigDecimal("0.0005");
            java.math.BigDecimal understood = java.math.BigDecimal.valueOf(payload.tsMillis(), 3);
            assertThat(seconds).isGreaterThanOrEqualTo(understood.subtract(half));
            assertThat(seconds).isLessThan(understood.add(half));
        } else {
            assertThat(payload.rawTs()).isNull();
        }
        if (payload.host() != null) {
            assertThat(utf8(payload.host())).isLessThanOrEqualTo(MonitorPayloadParser.MAX_HOST_BYTES);
        }
        if (payload.type() != null) {
            assertThat(utf8(payload.type())).isLessThanOrEqualTo(MonitorPayloadParser.MAX_TYPE_BYTES);
        }
    }

    /** A byte order mark or a NUL among the first four bytes: how JSON's UTF-16 and UTF-32 are told apart. */
    static boolean startsLikeUtf16Or32(byte[] body) {
        for (int i = 0; i < Math.min(4, body.length); i++) {
            if (body[i] == 0) {
                return true;
            }
        }
        return body.length >= 2 && ((body[0] & 0xFF) == 0xFE || (body[0] & 0xFF) == 0xFF);
    }

    /** Strict UTF-8 length: an unpaired surrogate (which would be stored as '?') fails. */
    static int utf8(String text) {
        try {
            return StandardCharsets.UTF_8
                    .newEncoder()
                    .encode(java.nio.CharBuffer.wrap(text))
                    .remaining();
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new AssertionError("not valid Unicode: " + text, e);
        }
    }

    /** The number a raw form holds: a JSON number, or a JSON string holding one. */
    static java.math.BigDecimal number(String raw) {
        JsonNode value = JSON.readTree(raw);
        return new java.math.BigDecimal(value.isString() ? value.stringValue().strip() : raw);
    }
}
