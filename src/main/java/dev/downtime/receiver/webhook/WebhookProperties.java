package dev.downtime.receiver.webhook;

import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/** @param maxBodySize larger webhook bodies are refused with 413 before they are parsed */
@Validated
@ConfigurationProperties("receiver.webhook")
record WebhookProperties(@DefaultValue("64KB") @NotNull DataSize maxBodySize) {}
