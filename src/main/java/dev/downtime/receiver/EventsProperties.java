package dev.downtime.receiver;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How events that must survive a restart are delivered again when their listener failed or never
 * ran (see {@link EventPublicationRetryConfiguration}).
 *
 * @param retryInterval how often failed event publications are handed to their listener again
 * @param staleAfter a publication not completed this long after it was published, started or
 *     resubmitted is taken as failed (its instance died, or its listener hangs) and handed over
 *     again; longer than a listener may take with a backlog in a mass outage
 */
@Validated
@ConfigurationProperties("receiver.events")
record EventsProperties(
        @DefaultValue("30s") @NotNull @DurationMin(seconds = 1)
        Duration retryInterval,

        @DefaultValue("5m") @NotNull @DurationMin(seconds = 1)
        Duration staleAfter) {}
