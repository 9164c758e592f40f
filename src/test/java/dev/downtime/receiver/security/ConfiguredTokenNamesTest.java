package dev.downtime.receiver.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

class ConfiguredTokenNamesTest {

    static ConfiguredTokenNames names(List<String> configured) {
        return new ConfiguredTokenNames(new AdminProperties(
                configured,
                DataSize.ofKilobytes(64),
                List.of(),
                20,
                Duration.ofMinutes(1),
                Path.of("target/unused-admin-token"),
                false));
    }

    @Test
    void containsTheConfiguredNamesIgnoringCaseAndSurroundingSpaces() {
        ConfiguredTokenNames names = names(List.of("ops:ops-token-0123456789", " Alice : alice-token-0123456789 "));

        assertThat(names.contains("ops")).isTrue();
        assertThat(names.contains(" OPS ")).isTrue();
        assertThat(names.contains("alice")).isTrue();
        assertThat(names.contains("admin")).isFalse();
        assertThat(names.contains("ops2")).isFalse();
    }

    @Test
    void containsTheGeneratedTokensNameWhenNoneIsConfigured() {
        ConfiguredTokenNames names = names(List.of());

        assertThat(names.contains("admin")).isTrue();
        assertThat(names.contains("Admin")).isTrue();
        assertThat(names.contains("ops")).isFalse();
    }
}
