package dev.downtime.receiver.alerts;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where ops are alerted about incidents, and how hard delivery is tried (grouping has its own
 * record, {@code GroupingProperties}). A channel without its address is off.
 *
 * @param webhook a generic JSON webhook, signed the Standard Webhooks way
 * @param slack a Slack-compatible incoming webhook
 * @param email mail over SMTP ({@code spring.mail.*} says which server)
 * @param maxAttempts a delivery is given up after this many failures
 * @param initialBackoff the wait after the first failure; each further failure doubles it
 * @param maxBackoff the longest wait between attempts
 * @param dispatchInterval how often groups whose message is due are stepped, and due messages sent
 * @param sendTimeout how long channels wait on the network: the HTTP channels' connect and
 *     response timeouts, JavaMail's connection, read and write timeouts (unless {@code
 *     spring.mail.properties.mail.smtp.*} sets them); an attempt still running after twice this
 *     long is abandoned and counts as failed
 * @param recovery {@code alerted}: recoveries are grouped like outages, and a site down and back
 *     within {@code group-wait} (a flap) is never told; {@code always}: flaps are told too, as
 *     {@code send-flaps=true} does
 */
@Validated
@ConfigurationProperties("receiver.alerts")
record AlertsProperties(
        @DefaultValue Webhook webhook,
        @DefaultValue Slack slack,
        @DefaultValue Email email,
        @DefaultValue("10") @Min(1) int maxAttempts,
        @DefaultValue("5s") @NotNull Duration initialBackoff,
        @DefaultValue("10m") @NotNull Duration maxBackoff,
        @DefaultValue("1s") @NotNull Duration dispatchInterval,
        @DefaultValue("10s") @NotNull Duration sendTimeout,
        @DefaultValue("alerted") @NotNull Recovery recovery) {

    /** Which recoveries are told (kept from before grouping, whose messages tell recoveries). */
    enum Recovery {
        /** Those of outages worth an alert: not a flap, nor an outage maintenance covered. */
        ALERTED,
        /** Flaps too. */
        ALWAYS
    }

    /** The wait after this many failed attempts: initial, 2 × initial, 4 × initial, ... up to the maximum. */
    Duration backoffAfter(int attempts) {
        Duration wait = initialBackoff;
        for (int i = 1; i < attempts && wait.compareTo(maxBackoff) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        return wait.compareTo(maxBackoff) > 0 ? maxBackoff : wait;
    }

    /** @param secret {@code whsec_} followed by the base64 signing key */
    record Webhook(@Nullable URI url, @Nullable String secret) {}

    record Slack(@Nullable URI url) {}

    record Email(
            @DefaultValue List<String> to,
            @DefaultValue("downtime-receiver@localhost") String from) {}
}
