package dev.downtime.receiver.admin;

import jakarta.validation.constraints.NotNull;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * @param tokens {@code name:token} pairs with the admin role; the name is recorded as who made a
 *     change. With none, a token is generated at start-up and logged once.
 * @param maxBodySize larger admin request bodies are refused with 413
 * @param corsAllowedOrigins origins allowed to call the admin API from a browser; none by default
 */
@Validated
@ConfigurationProperties("receiver.admin")
record AdminProperties(
        @DefaultValue List<String> tokens,
        @DefaultValue("64KB") @NotNull DataSize maxBodySize,
        @DefaultValue List<String> corsAllowedOrigins) {}
