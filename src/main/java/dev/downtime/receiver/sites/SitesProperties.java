package dev.downtime.receiver.sites;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * @param maxUploadSize the body limit of an inventory upload ({@code PUT /api/v1/sites}), of its
 *     own: 10,000 sites with a few labels take about 1 MB; the rest of the admin API keeps {@code
 *     receiver.admin.max-body-size}
 * @param refreshInterval how often each instance checks PostgreSQL for inventory changes made
 *     elsewhere
 * @param listenForChanges whether to hear of changes made elsewhere at once (LISTEN/NOTIFY), as for
 *     maintenance windows
 */
@Validated
@ConfigurationProperties("receiver.sites")
record SitesProperties(
        @DefaultValue("32MB") @NotNull DataSize maxUploadSize,
        @DefaultValue("10s") @NotNull Duration refreshInterval,
        @DefaultValue("true") boolean listenForChanges) {}
