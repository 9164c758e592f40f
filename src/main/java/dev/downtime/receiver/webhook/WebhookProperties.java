package dev.downtime.receiver.webhook;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.List;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Who may call the webhook, and how much they may send.
 *
 * @param maxBodySize larger webhook bodies are refused with 413 before they are parsed
 * @param tokens secret path tokens; when set, the endpoint is {@code /webhooks/monitor/{token}}
 *     and {@code /webhooks/monitor} answers 404. Several at once allow rotation.
 * @param allowedAddresses CIDR blocks (IPv4 and IPv6) Monitor calls from; empty allows any
 * @param allowlistMode {@code enforce} refuses other addresses, {@code log-only} only logs them
 * @param trustedProxies CIDR blocks of proxies whose {@code X-Forwarded-For} is believed
 * @param expectedHosts Monitor's slugs for this host; a notification for another is kept as
 *     foreign and answered {@code ok}. Empty accepts any.
 * @param failedAuthBurst how many failed requests an address may make before it is refused at once
 * @param failedAuthRefill how long an address's allowance of failures takes to refill completely
 * @param bodyReadTimeout the longest the body of one notification may take to arrive: a caller
 *     dripping it byte by byte gets 408 instead of holding a connection for as long as it likes
 * @param maxClockSkew a notification whose {@code ts} is further than this from its arrival, either
 *     way, is answered and stored but never taken as a duplicate (nor as the original of one), so
 *     that nobody can store an answer ahead of a future check
 * @param allowOpen start even with neither tokens nor an enforced allowlist, because something in
 *     front of the service (a proxy, a firewall) already restricts who can call the webhook
 */
@Validated
@ConfigurationProperties("receiver.webhook")
record WebhookProperties(
        @DefaultValue("64KB") @NotNull DataSize maxBodySize,
        @DefaultValue List<String> tokens,
        @DefaultValue List<String> allowedAddresses,
        @DefaultValue("enforce") @NotNull AllowlistMode allowlistMode,
        @DefaultValue List<String> trustedProxies,
        @DefaultValue List<String> expectedHosts,
        @DefaultValue("20") @Min(1) int failedAuthBurst,

        @DefaultValue("1m") @NotNull @DurationMin(millis = 1)
        Duration failedAuthRefill,

        @DefaultValue("10s") @NotNull @DurationMin(millis = 1)
        Duration bodyReadTimeout,

        @DefaultValue("1h") @NotNull @DurationMin(millis = 0)
        Duration maxClockSkew,

        @DefaultValue("false") boolean allowOpen) {

    /** Whether a path token or an enforced address allowlist keeps strangers out. */
    boolean guarded() {
        return !tokens().stream().allMatch(String::isBlank)
                || (!allowedAddresses().isEmpty() && allowlistMode() == AllowlistMode.ENFORCE);
    }

    enum AllowlistMode {
        ENFORCE,
        LOG_ONLY
    }
}
