package dev.downtime.receiver.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.downtime.receiver.PostgresIntegrationTest;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.databind.json.JsonMapper;

/** The application's own mapper, which reads every admin request body, enforces {@link JsonLimits}. */
class JsonLimitsTest extends PostgresIntegrationTest {

    @Autowired
    JsonMapper json;

    static Stream<Arguments> beyondTheLimits() {
        return Stream.of(
                arguments("arrays 33 deep", "[".repeat(33) + "]".repeat(33)),
                arguments("objects 40 deep", "{\"a\":".repeat(40) + "1" + "}".repeat(40)),
                arguments("a 65-digit integer", "[" + "9".repeat(65) + "]"),
                arguments("a 70-digit decimal", "[0." + "1".repeat(68) + "]"),
                arguments("a string of 64 KiB + 1", "[\"" + "s".repeat(64 * 1024 + 1) + "\"]"),
                arguments("a field name of 257 characters", "{\"" + "n".repeat(257) + "\":1}"));
    }

    /** Jackson's defaults take each of these: only the configured limits refuse them. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("beyondTheLimits")
    void refusesWhatOnlyTheConfiguredLimitsCatch(String what, String body) {
        assertThatCode(() -> JsonMapper.builder().build().readTree(body)).doesNotThrowAnyException();

        assertThatThrownBy(() -> json.readTree(body)).isInstanceOf(StreamConstraintsException.class);
        assertThatThrownBy(() -> JsonLimits.requestMapper().readTree(body))
                .isInstanceOf(StreamConstraintsException.class);
    }

    @Test
    void takesWhatIsWithinTheLimits() {
        assertThatCode(() -> json.readTree("[".repeat(32) + "]".repeat(32))).doesNotThrowAnyException();
        assertThatCode(() -> json.readTree("[" + "9".repeat(64) + "]")).doesNotThrowAnyException();
        assertThatCode(() -> json.readTree("{\"" + "n".repeat(256) + "\":1}")).doesNotThrowAnyException();
    }

    @Test
    void fuzzesWithTheLimitsTheApplicationUses() {
        StreamReadConstraints app = json.tokenStreamFactory().streamReadConstraints();
        StreamReadConstraints fuzzed =
                JsonLimits.requestMapper().tokenStreamFactory().streamReadConstraints();

        for (StreamReadConstraints constraints : new StreamReadConstraints[] {app, fuzzed}) {
            assertThat(constraints.getMaxNestingDepth()).isEqualTo(JsonLimits.MAX_NESTING_DEPTH);
            assertThat(constraints.getMaxNumberLength()).isEqualTo(JsonLimits.MAX_NUMBER_LENGTH);
            assertThat(constraints.getMaxStringLength()).isEqualTo(JsonLimits.MAX_STRING_LENGTH);
            assertThat(constraints.getMaxNameLength()).isEqualTo(JsonLimits.MAX_NAME_LENGTH);
        }
    }

    @Test
    void refusesAnOverlongNumberInARequestWith400() {
        // Epoch seconds are a valid endsAt; 70 digits of them would be read as one, without the limit.
        String endsAt = "1772370000." + "0".repeat(60);
        var result = mvc.post()
                .uri("/api/v1/maintenance-windows")
                .header("Authorization", bearer())
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"scope\":\"host\",\"target\":\"h\",\"endsAt\":" + endsAt + "}")
                .exchange();

        assertThat(result).hasStatus(HttpStatus.BAD_REQUEST).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(body(result)).doesNotContain("Exception");
        assertThat(count("maintenance_window")).isZero();
    }

    @Test
    void takesTheSameNumberWithinTheLimit() {
        assertThat(mvc.post()
                        .uri("/api/v1/maintenance-windows")
                        .header("Authorization", bearer())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"scope\":\"host\",\"target\":\"h\",\"endsAt\":1772370000.000}"))
                .hasStatus(HttpStatus.CREATED);
    }
}
