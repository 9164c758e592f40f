package dev.downtime.receiver.console;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/** @param idleTimeout a console session left unused this long is signed out */
@Validated
@ConfigurationProperties("receiver.console")
record ConsoleProperties(
        @DefaultValue("30m") @NotNull @DurationMin(minutes = 1)
        Duration idleTimeout) {}
