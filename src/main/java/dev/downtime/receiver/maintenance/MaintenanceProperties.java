package dev.downtime.receiver.maintenance;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * @param maxWindowLength the longest a window may be, so a typo cannot silence a site for a year
 * @param refreshInterval how often each instance checks PostgreSQL for changes made elsewhere
 * @param listenForChanges whether to hear of changes made elsewhere at once, with PostgreSQL
 *     LISTEN/NOTIFY; turn off behind a pooler that does not support it (PgBouncer in transaction
 *     mode), leaving the periodic refresh
 * @param maxPromise the furthest ahead the webhook ever promises: a longer covered stretch is
 *     answered with now plus this; unset, {@code maxWindowLength}, so that no single window (or
 *     occurrence) is ever cut, only chains of them
 * @param maxBulkSize the body limit of a bulk change or an import of windows, of their own; the
 *     rest of the admin API keeps {@code receiver.admin.max-body-size}
 */
@Validated
@ConfigurationProperties("receiver.maintenance")
record MaintenanceProperties(
        @DefaultValue("31d") @NotNull Duration maxWindowLength,
        @DefaultValue("10s") @NotNull Duration refreshInterval,
        @DefaultValue("true") boolean listenForChanges,
        @DefaultValue("4MB") @NotNull DataSize maxBulkSize,
        @Nullable Duration maxPromise) {

    /** {@code max-promise}, or its default. */
    Duration promiseCap() {
        return maxPromise != null ? maxPromise : maxWindowLength;
    }
}
