package dev.downtime.receiver.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.util.unit.DataSize;

@ExtendWith(OutputCaptureExtension.class)
class AdminTokensTest {

    @TempDir
    Path data;

    AdminTokens tokens(List<String> configured) {
        return tokens(configured, false);
    }

    AdminTokens tokens(List<String> configured, boolean logGenerated) {
        return new AdminTokens(
                new AdminProperties(
                        configured,
                        DataSize.ofKilobytes(64),
                        List.of(),
                        20,
                        Duration.ofMinutes(1),
                        data.resolve("data/admin-token"),
                        logGenerated),
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

    /** A production log is shipped and kept: the generated token goes to a file only its user can read. */
    @Test
    void writesTheGeneratedTokenToAFileOfItsOwnAndLogsOnlyWhere(CapturedOutput output) throws Exception {
        AdminTokens tokens = tokens(List.of());

        Path file = data.resolve("data/admin-token");
        String token = Files.readString(file).strip();
        assertThat(token).matches("[A-Za-z0-9_-]{43}");
        assertThat(nameOf(tokens, token)).hasValue("admin");
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(output.getOut())
                .contains("wrote it to " + file.toAbsolutePath())
                .doesNotContain(token);
        try (Stream<Path> files = Files.list(file.getParent())) {
            assertThat(files).containsExactly(file); // no temporary file left behind
        }
    }

    @Test
    void replacesTheTokenOfAnEarlierRun() throws Exception {
        tokens(List.of());
        String first = Files.readString(data.resolve("data/admin-token")).strip();

        AdminTokens second = tokens(List.of());

        String token = Files.readString(data.resolve("data/admin-token")).strip();
        assertThat(token).isNotEqualTo(first);
        assertThat(nameOf(second, first)).isEmpty();
        assertThat(nameOf(second, token)).hasValue("admin");
    }

    @Test
    void printsTheGeneratedTokenOnlyInTheDevelopmentRun(CapturedOutput output) throws Exception {
        AdminTokens tokens = tokens(List.of(), true);

        Matcher logged =
                Pattern.compile("Authorization: Bearer ([A-Za-z0-9_-]{43})").matcher(output.getOut());
        assertThat(logged.find()).isTrue();
        assertThat(nameOf(tokens, logged.group(1))).hasValue("admin");
        assertThat(logged.group(1))
                .isEqualTo(Files.readString(data.resolve("data/admin-token")).strip());
        assertThat(logged.find()).as("logged only once").isFalse();
    }

    @Test
    void refusesToStartWhenTheGeneratedTokenCannotBeWritten() throws Exception {
        Files.writeString(data.resolve("data"), "a file where the directory should be");

        assertThatThrownBy(() -> tokens(List.of()))
                .isInstanceOf(RefusedConfigurationException.class)
                .hasMessageContaining("could not be written to " + data.resolve("data/admin-token"));
    }

    @Test
    void writesNoFileWhenTokensAreConfigured() {
        tokens(List.of("ops:ops-token-0123456789"));

        assertThat(data.resolve("data/admin-token")).doesNotExist();
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
