package dev.downtime.receiver.notifications;

import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * The local spool for notifications that could not be committed in time.
 *
 * @param directory where they are kept, fsync'd, until replayed into PostgreSQL
 * @param maxSize past this, notifications are still answered correctly but not kept, and are
 *     counted as dropped
 * @param replayInterval how often the spool is replayed while the database is available
 */
@Validated
@ConfigurationProperties("receiver.spool")
record SpoolProperties(
        @DefaultValue("data/spool") @NotNull Path directory,
        @DefaultValue("512MB") @NotNull DataSize maxSize,
        @DefaultValue("1s") @NotNull Duration replayInterval) {}
