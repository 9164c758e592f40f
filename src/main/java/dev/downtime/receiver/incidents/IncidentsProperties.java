package dev.downtime.receiver.incidents;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * @param overrunCheckInterval how often open incidents are checked for maintenance that ended
 *     while the site was still down
 */
@Validated
@ConfigurationProperties("receiver.incidents")
record IncidentsProperties(@DefaultValue("30s") @NotNull Duration overrunCheckInterval) {}
