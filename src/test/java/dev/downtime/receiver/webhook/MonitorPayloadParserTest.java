package dev.downtime.receiver.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.core.JsonParser;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.json.JsonFactory;

class MonitorPayloadParserTest {

    static MonitorPayload parse(String json) {
        return MonitorPayloadParser.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsTheSpecExampleWithEscapedSlashes() {
        MonitorPayload payload = parse(
                "{\"ts\":1385139152,\"url\":\"http:\\/\\/example.com\",\"code\":403,\"host\":\"example\",\"type\":\"http\"}");

        assertThat(payload.ts()).isEqualTo(1385139152L);
        assertThat(payload.tsMillis()).isEqualTo(1385139152000L);
        assertThat(payload.url()).isEqualTo("http://example.com");
        assertThat(payload.site().value()).isEqualTo("http://example.com");
        assertThat(payload.code()).isEqualTo(403);
        assertThat(payload.host()).isEqualTo("example");
        assertThat(payload.type()).isEqualTo("http");
        assertThat(payload.rawTs()).isEqualTo("1385139152");
        assertThat(payload.rawCode()).isEqualTo("403");
    }

    /** The spec writes the timeout code as '0': a server in maintenance times out exactly so. */
    @Test
    void readsTheTimeoutCodeSentAsAString() {
        MonitorPayload payload = parse("{\"url\":\"http:\\/\\/s.example.com\",\"code\":\"0\"}");

        assertThat(payload.code()).isZero();
        assertThat(payload.rawCode()).isEqualTo("\"0\"");
    }

    @Test
    void readsTsAsAStringWithMilliseconds() {
        MonitorPayload payload = parse("{\"url\":\"example.com\",\"code\":\"503\",\"ts\":\" 1385139152.123 \"}");

        assertThat(payload.code()).isEqualTo(503);
        assertThat(payload.tsMillis()).isEqualTo(1385139152123L);
        assertThat(payload.ts()).isEqualTo(1385139152L);
        assertThat(payload.rawTs()).isEqualTo("\" 1385139152.123 \"");
        assertThat(payload.rawCode()).isEqualTo("\"503\"");
    }

    @Test
    void ignoresUnknownFieldsOfAnyShape() {
        MonitorPayload payload = parse(
                "{\"node\":{\"id\":[1,2,{\"x\":null}]},\"url\":\"example.com\",\"extra\":1.5,\"code\":0,\"retry\":true}");

        assertThat(payload.url()).isEqualTo("example.com");
        assertThat(payload.code()).isZero();
        assertThat(payload.tsMillis()).isNull();
        assertThat(payload.host()).isNull();
        assertThat(payload.type()).isNull();
    }

    @Test
    void acceptsNullForOptionalFields() {
        MonitorPayload payload =
                parse("{\"url\":\"example.com\",\"code\":500,\"ts\":null,\"host\":null,\"type\":null}");

        assertThat(payload.tsMillis()).isNull();
        assertThat(payload.rawTs()).isNull();
        assertThat(payload.host()).isNull();
        assertThat(payload.type()).isNull();
    }

    static String withUnknownField(String value) {
        return "{\"url\":\"example.com\",\"code\":500,\"extra\":" + value + "}";
    }

    static String nested(int depth) {
        return "[".repeat(depth) + "]".repeat(depth);
    }

    static Stream<Arguments> beyondTheStreamLimits() {
        return Stream.of(
                arguments("arrays 40 deep in an unknown field", withUnknownField(nested(40))),
                arguments(
                        "objects 40 deep in an unknown field",
                        withUnknownField("{\"a\":".repeat(40) + "1" + "}".repeat(40))),
                arguments("a 40-digit integer in an unknown field", withUnknownField("1".repeat(40))),
                arguments("a 40-digit decimal in an unknown field", withUnknownField("0." + "1".repeat(38))),
                arguments(
                        "a field name of 300 characters", withUnknownField("1").replace("extra", "e".repeat(300))));
    }

    /** Jackson's defaults take each of these: only the parser's own limits refuse them. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("beyondTheStreamLimits")
    void refusesWhatOnlyItsStreamLimitsCatch(String what, String body) {
        assertThatCode(() -> readEveryToken(JsonFactory.builder().build(), body))
                .doesNotThrowAnyException();

        assertThatThrownBy(() -> parse(body))
                .isInstanceOf(InvalidPayloadException.class)
                .hasMessage("body is not valid JSON");
    }

    @Test
    void acceptsNestingAndNumbersUpToTheStreamLimits() {
        // The payload object itself is the first of the 32 levels.
        assertThat(parse(withUnknownField(nested(31))).code()).isEqualTo(500);
        assertThat(parse(withUnknownField("1".repeat(32))).code()).isEqualTo(500);
    }

    static void readEveryToken(JsonFactory factory, String body) {
        try (JsonParser parser = factory.createParser(ObjectReadContext.empty(), body)) {
            while (parser.nextToken() != null) {
                // every token read, numbers included
            }
        }
    }

    @Test
    void readsUtf16() {
        byte[] body = "{\"url\":\"example.com\",\"code\":500}".getBytes(StandardCharsets.UTF_16BE);
        assertThat(MonitorPayloadParser.parse(body).url()).isEqualTo("example.com");
    }

    /** Refusals of the body as a whole; every form of each field is in docs/webhook-payload.md. */
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            ''                                                   | body is empty
            not json                                             | body is not valid JSON
            '[1,2]'                                              | body must be a JSON object
            '"text"'                                             | body must be a JSON object
            '{"url":"example.com","code":500'                    | body is not valid JSON
            '{"url":"example.com","code":500} {}'                | body has content after the JSON object
            '{"url":"example.com","code":500}x'                  | body is not valid JSON
            '{"code":500}'                                       | url is required
            '{"url":"example.com"}'                              | code is required
            '{"url":"example.com","code":500,"code":200}'        | body is not valid JSON
            '{"url":"a.com","url":"b.com","code":500}'           | body is not valid JSON
            '{"url":"example.com","code":"500","code":"200"}'    | body is not valid JSON
            """)
    void refusesWithAShortReason(String body, String reason) {
        assertThatThrownBy(() -> parse(body))
                .isInstanceOf(InvalidPayloadException.class)
                .hasMessageStartingWith(reason);
    }

    @Test
    void refusesDeepNestingWithoutOverflowingTheStack() {
        String deep = "{\"url\":\"example.com\",\"code\":500,\"x\":" + "[".repeat(100_000) + "]".repeat(100_000) + "}";
        assertThatThrownBy(() -> parse(deep)).isInstanceOf(InvalidPayloadException.class);
    }

    @Test
    void refusesInvalidUtf8() {
        byte[] body = {
            '{',
            '"',
            'u',
            'r',
            'l',
            '"',
            ':',
            '"',
            (byte) 0xC3,
            (byte) 0x28,
            '"',
            ',',
            '"',
            'c',
            'o',
            'd',
            'e',
            '"',
            ':',
            '5',
            '0',
            '0',
            '}'
        };
        assertThatThrownBy(() -> MonitorPayloadParser.parse(body)).isInstanceOf(InvalidPayloadException.class);
    }

    @Test
    void refusesOverlongHostSlugs() {
        String host = "h".repeat(MonitorPayloadParser.MAX_HOST_BYTES + 1);
        assertThatThrownBy(() -> parse("{\"url\":\"example.com\",\"code\":500,\"host\":\"" + host + "\"}"))
                .hasMessage("host must be at most 200 bytes in UTF-8");
    }

    /** Exponents far out of range are refused from precision and scale, without computing 10^n. */
    @Test
    void refusesHugeExponentsAtOnce() {
        long start = System.nanoTime();
        for (String value : List.of("1e999999999", "1e-999999999", "\"9e-999999999\"", "\"0e999999999\"")) {
            try {
                parse("{\"url\":\"example.com\",\"code\":" + value + ",\"ts\":" + value + "}");
            } catch (InvalidPayloadException refused) {
                // expected for most of them
            }
        }
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
    }
}
