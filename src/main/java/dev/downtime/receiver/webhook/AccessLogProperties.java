package dev.downtime.receiver.webhook;

import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * An HTTP access log whose lines never show a webhook token. Use it instead of Tomcat's own
 * ({@code server.tomcat.accesslog.*}), which logs request paths as they came.
 *
 * @param directory where the daily {@code access.yyyy-MM-dd.log} files go; created if need be, and
 *     start-up stops if it cannot be written. Beside the spool and the snapshot under {@code data/},
 *     the one directory the container lets the service write (a volume in docker-compose.yml).
 */
@Validated
@ConfigurationProperties("receiver.access-log")
record AccessLogProperties(
        @DefaultValue("false") boolean enabled,
        @DefaultValue("data/logs") @NotNull Path directory) {}
