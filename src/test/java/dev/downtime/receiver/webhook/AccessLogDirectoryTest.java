package dev.downtime.receiver.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.downtime.receiver.security.RefusedConfigurationException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/**
 * Turned on as documented, the access log lands where the service may write, or start-up says why
 * it cannot: the image's {@code /app/logs} was root-owned, and Tomcat then wrote nothing, silently.
 */
class AccessLogDirectoryTest {

    @Test
    void defaultsToADirectoryUnderData() {
        AccessLogProperties properties = new Binder(
                        new MapConfigurationPropertySource(Map.of("receiver.access-log.enabled", "true")))
                .bindOrCreate("receiver.access-log", AccessLogProperties.class);

        assertThat(properties.directory()).isEqualTo(Path.of("data/logs"));
    }

    @Test
    void createsTheDirectory(@TempDir Path data) {
        Path directory = MaskedAccessLog.writableDirectory(data.resolve("logs/access"));

        assertThat(directory)
                .isDirectory()
                .isEqualTo(data.resolve("logs/access").toAbsolutePath());
        assertThat(directory).isEmptyDirectory();
    }

    @Test
    void refusesToStartWhenTheDirectoryCannotBeWritten(@TempDir Path data) throws Exception {
        Files.writeString(data.resolve("logs"), "a file where the directory should be");

        assertThatThrownBy(() -> MaskedAccessLog.writableDirectory(data.resolve("logs")))
                .isInstanceOf(RefusedConfigurationException.class)
                .hasMessageContaining("cannot be written by this process");
    }
}
