package dev.downtime.receiver.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.util.unit.DataSize;

@ExtendWith(OutputCaptureExtension.class)
class AdminTokensTest {

    static AdminTokens tokens(List<String> configured) {
        return new AdminTokens(
                new AdminProperties(configured, DataSize.ofKilobytes(64), List.of(), 20, Duration.ofMinutes(1)),
                List.of());
    }

    static Optional<String> nameOf(AdminTokens tokens, String presented) {
        return tokens.authenticate(presented).map(Operator::name);
    }

    @Test
    void namesTheOperatorOfTheMatchingToken() {
        AdminTokens tokens = tokens(List.of("ops:ops-token-0123456789", " alice : alice-token-0123456789 "));

        assertThat(nameOf(tokens, "ops-token-0123456789")).hasValue("ops");
        assertThat(nameOf(tokens, "alice-token-0123456789")).hasValue("alice");
        assertThat(nameOf(tokens, "ops-token-012345678")).isEmpty();
        assertThat(nameOf(tokens, "")).isEmpty();
    }

    @Test
    void generatesAndLogsOneTokenOnceWhenNoneIsConfigured(CapturedOutput output) {
        AdminTokens tokens = tokens(List.of());

        Matcher logged =
                Pattern.compile("Authorization: Bearer ([A-Za-z0-9_-]{43})").matcher(output.getOut());
        assertThat(logged.find()).isTrue();
        assertThat(nameOf(tokens, logged.group(1))).hasValue("admin");
        assertThat(logged.find()).as("logged only once").isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "no-colon-token-0123456789",
                ":nameless-token-0123456789",
                "ops:short",
                "bad name:token-0123456789"
            })
    void refusesToStartWithAMalformedEntryWithoutEchoingTheSecret(String entry) {
        assertThatThrownBy(() -> tokens(List.of(entry)))
                .isInstanceOf(IllegalStateException.class)
                .message()
                .doesNotContain("token-0123456789")
                .doesNotContain("short");
    }

    @Test
    void refusesDuplicateNames() {
        assertThatThrownBy(() -> tokens(List.of("ops:first-token-0123456789", "ops:second-token-0123456789")))
                .hasMessageContaining("appears twice");
    }
}
