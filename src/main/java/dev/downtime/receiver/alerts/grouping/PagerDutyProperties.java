package dev.downtime.receiver.alerts.grouping;

import jakarta.validation.constraints.NotNull;
import java.net.URI;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * PagerDuty's Events API v2 as an alert channel; off without a routing key.
 *
 * @param routingKey the integration key of an "Events API v2" integration on a PagerDuty service
 * @param url where events go
 */
@Validated
@ConfigurationProperties("receiver.alerts.pagerduty")
public record PagerDutyProperties(
        @Nullable String routingKey,

        @DefaultValue("https://events.pagerduty.com/v2/enqueue") @NotNull
        URI url) {

    /** Whether the channel is on. */
    public boolean enabled() {
        return routingKey != null && !routingKey.isBlank();
    }
}
