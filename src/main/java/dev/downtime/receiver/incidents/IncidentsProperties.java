package dev.downtime.receiver.incidents;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * @param trackInterval how often new notifications are folded into incidents
 * @param batchSize the most notifications folded in one transaction
 * @param overrunCheckInterval how often open incidents are checked for maintenance that ended
 *     while the site was still down
 */
@Validated
@ConfigurationProperties("receiver.incidents")
record IncidentsProperties(
        @DefaultValue("1s") @NotNull Duration trackInterval,
        @DefaultValue("1000") @Min(1) int batchSize,
        @DefaultValue("30s") @NotNull Duration overrunCheckInterval) {}
