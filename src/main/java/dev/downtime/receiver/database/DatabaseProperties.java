package dev.downtime.receiver.database;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/** @param probeInterval how often a database found unavailable is tried again */
@Validated
@ConfigurationProperties("receiver.database")
record DatabaseProperties(@DefaultValue("500ms") @NotNull Duration probeInterval) {}
