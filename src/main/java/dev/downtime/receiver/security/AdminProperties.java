package dev.downtime.receiver.security;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * @param tokens {@code name:token} pairs with the admin role; the name is recorded as who made a
 *     change. With none, a token is generated at start-up and written to {@code generatedTokenFile}.
 * @param maxBodySize larger admin request bodies are refused with 413
 * @param corsAllowedOrigins origins allowed to call the admin API from a browser; none by default
 * @param failedAuthBurst how many requests with an unknown token an address may make before it is
 *     refused at once with 429
 * @param failedAuthRefill how long an address's allowance of failures takes to refill completely
 * @param generatedTokenFile where the token generated when none is configured is written, readable by
 *     this user only, instead of into logs that a log shipper may collect
 * @param logGeneratedToken also print the generated token in the log: for the zero-setup dev run
 */
@Validated
@ConfigurationProperties("receiver.admin")
record AdminProperties(
        @DefaultValue List<String> tokens,
        @DefaultValue("64KB") @NotNull DataSize maxBodySize,
        @DefaultValue List<String> corsAllowedOrigins,
        @DefaultValue("20") @Min(1) int failedAuthBurst,

        @DefaultValue("1m") @NotNull @DurationMin(millis = 1)
        Duration failedAuthRefill,

        @DefaultValue("data/admin-token") @NotNull Path generatedTokenFile,
        @DefaultValue("false") boolean logGeneratedToken) {}
