package dev.downtime.receiver.tokens;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * @param refreshInterval how often the active tokens held in memory are reloaded from PostgreSQL,
 *     so that tokens issued or revoked through other instances (or in SQL) apply here too; those
 *     issued or revoked through this instance apply at once
 */
@Validated
@ConfigurationProperties("receiver.tokens")
record TokensProperties(
        @DefaultValue("5s") @NotNull @DurationMin(millis = 100)
        Duration refreshInterval) {}
