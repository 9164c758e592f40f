package dev.downtime.receiver.notifications;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How notifications reach PostgreSQL.
 *
 * @param commitTimeout the longest a webhook request waits for its notification to commit before
 *     it is spooled instead
 * @param batchSize the most notifications committed in one transaction
 * @param batchDelay the longest a batch waits for more notifications already on their way
 * @param queueCapacity notifications beyond this many waiting for the writer go straight to the
 *     spool
 */
@Validated
@ConfigurationProperties("receiver.notifications")
record NotificationsProperties(
        @DefaultValue("1s") @NotNull Duration commitTimeout,
        @DefaultValue("500") @Min(1) @Max(2000) int batchSize,
        @DefaultValue("2ms") @NotNull Duration batchDelay,
        @DefaultValue("10000") @Min(1) int queueCapacity) {}
