package dev.downtime.receiver.maintenance;

import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/** @param directory where the last windows loaded from PostgreSQL are kept, to answer from at a start without it */
@Validated
@ConfigurationProperties("receiver.snapshot")
record SnapshotProperties(
        @DefaultValue("data/snapshot") @NotNull Path directory) {}
