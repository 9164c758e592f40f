package dev.downtime.receiver.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

@ExtendWith(OutputCaptureExtension.class)
class AdminTokensTest {

    @Test
    void namesTheOperatorOfTheMatchingToken() {
        AdminTokens tokens = new AdminTokens(
                new AdminProperties(List.of("ops:ops-token-0123456789", " alice : alice-token-0123456789 ")));

        assertThat(tokens.authenticate("ops-token-0123456789")).hasValue("ops");
        assertThat(tokens.authenticate("alice-token-0123456789")).hasValue("alice");
        assertThat(tokens.authenticate("ops-token-012345678")).isEmpty();
        assertThat(tokens.authenticate("")).isEmpty();
    }

    @Test
    void generatesAndLogsOneTokenOnceWhenNoneIsConfigured(CapturedOutput output) {
        AdminTokens tokens = new AdminTokens(new AdminProperties(List.of()));

        Matcher logged =
                Pattern.compile("Authorization: Bearer ([A-Za-z0-9_-]{43})").matcher(output.getOut());
        assertThat(logged.find()).isTrue();
        assertThat(tokens.authenticate(logged.group(1))).hasValue("admin");
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
        assertThatThrownBy(() -> new AdminTokens(new AdminProperties(List.of(entry))))
                .isInstanceOf(IllegalStateException.class)
                .message()
                .doesNotContain("token-0123456789")
                .doesNotContain("short");
    }

    @Test
    void refusesDuplicateNames() {
        assertThatThrownBy(() -> new AdminTokens(
                        new AdminProperties(List.of("ops:first-token-0123456789", "ops:second-token-0123456789"))))
                .hasMessageContaining("appears twice");
    }
}
