package dev.downtime.receiver.retention;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * @param maxAge notifications, and incidents closed, longer ago than this are deleted
 * @param interval how often the retention job runs
 * @param batchSize rows deleted per transaction, so that no lock is held long
 */
@Validated
@ConfigurationProperties("receiver.retention")
record RetentionProperties(
        @DefaultValue("90d") @NotNull Duration maxAge,
        @DefaultValue("1h") @NotNull Duration interval,
        @DefaultValue("10000") @Min(1) int batchSize) {}
