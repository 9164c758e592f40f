package dev.downtime.receiver.alerts;

import dev.downtime.receiver.alerts.grouping.ChannelPacer;
import dev.downtime.receiver.alerts.grouping.DeliveryException;
import dev.downtime.receiver.alerts.grouping.EmailText;
import dev.downtime.receiver.alerts.grouping.GroupChannel;
import dev.downtime.receiver.alerts.grouping.GroupingEngine;
import dev.downtime.receiver.alerts.grouping.GroupingProperties;
import dev.downtime.receiver.alerts.grouping.PagerDutyChannel;
import dev.downtime.receiver.alerts.grouping.PagerDutyProperties;
import dev.downtime.receiver.alerts.grouping.SlackText;
import dev.downtime.receiver.alerts.grouping.WebhookBody;
import dev.downtime.receiver.jobs.Job;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import tools.jackson.databind.json.JsonMapper;

/** The channels that are configured, and only those. */
@Configuration(proxyBeanMethods = false)
class AlertChannelsConfiguration {

    /** Sends what is due from the outbox; with no channel configured, nothing ever is. */
    @Bean
    Job alertDispatch(AlertDispatcher dispatcher, AlertsProperties properties) {
        return Job.every("alert-dispatch", properties.dispatchInterval(), dispatcher::dispatchAll)
                .enabledIf(dispatcher.hasChannels());
    }

    /** Steps the groups whose message is due; with no channel configured, there are none. */
    @Bean
    Job alertGroupStep(Alerts alerts, AlertsProperties properties) {
        return Job.every("alert-group-step", properties.dispatchInterval(), alerts::stepDue)
                .enabledIf(alerts.enabled());
    }

    /** Slack one a second, email one per group per interval, every endpoint's Retry-After. */
    @Bean
    ChannelPacer alertPacer(Clock clock, GroupingProperties grouping) {
        return ChannelPacer.standard(clock, grouping.groupInterval());
    }

    @Bean
    List<GroupChannel> alertChannels(
            AlertsProperties properties,
            GroupingProperties grouping,
            PagerDutyProperties pagerDuty,
            JsonMapper json,
            ObjectProvider<JavaMailSender> mail,
            Clock clock) {
        Duration timeout = properties.sendTimeout();
        HttpClient http = HttpClient.newBuilder()
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        URI linkBase = grouping.linkBaseUrl();
        List<GroupChannel> channels = new ArrayList<>();
        if (properties.webhook().url() != null) {
            channels.add(new SignedWebhookChannel(
                    http,
                    properties.webhook().url(),
                    signingKey(properties.webhook().secret()),
                    linkBase,
                    json,
                    clock,
                    timeout));
        }
        if (properties.slack().url() != null) {
            channels.add(new SlackChannel(http, properties.slack().url(), linkBase, json, timeout));
        }
        if (pagerDuty.enabled()) {
            channels.add(new PagerDutyChannel(http, pagerDuty, linkBase, json, timeout));
        }
        if (!properties.email().to().isEmpty()) {
            JavaMailSender sender = mail.getIfAvailable();
            if (sender == null) {
                throw new IllegalStateException(
                        "receiver.alerts.email.to is set but no mail server is: set spring.mail.host");
            }
            withTimeouts(sender, timeout);
            channels.add(new EmailChannel(sender, properties.email(), linkBase));
        }
        return List.copyOf(channels);
    }

    /**
     * JavaMail waits forever by default: on connecting, on every answer, on every write. The send
     * timeout bounds each, unless {@code spring.mail.properties.mail.smtp.*} says otherwise.
     */
    private static void withTimeouts(JavaMailSender sender, Duration timeout) {
        if (sender instanceof JavaMailSenderImpl impl) {
            Properties mail = new Properties();
            mail.putAll(impl.getJavaMailProperties());
            String millis = Long.toString(timeout.toMillis());
            for (String protocol : List.of("smtp", "smtps")) {
                for (String key : List.of("connectiontimeout", "timeout", "writetimeout")) {
                    mail.putIfAbsent("mail." + protocol + "." + key, millis);
                }
            }
            impl.setJavaMailProperties(mail);
        }
    }

    private static byte[] signingKey(@Nullable String secret) {
        if (secret == null || !secret.startsWith("whsec_")) {
            throw new IllegalStateException("receiver.alerts.webhook.secret must be set, as whsec_<base64 key>");
        }
        try {
            byte[] key = Base64.getDecoder().decode(secret.substring("whsec_".length()));
            if (key.length < 24) {
                throw new IllegalStateException("receiver.alerts.webhook.secret: the key must be at least 24 bytes");
            }
            return key;
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("receiver.alerts.webhook.secret: the key after whsec_ is not base64");
        }
    }

    private static void post(HttpClient http, URI url, Duration timeout, Map<String, String> headers, byte[] body)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(url)
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        HttpResponse<Void> response = http.send(request.build(), HttpResponse.BodyHandlers.discarding());
        int status = response.statusCode();
        if (status / 100 != 2) {
            // Never given up at once: a wrong address or a proxy's answer may be fixed meanwhile.
            throw new DeliveryException(
                    "answered HTTP " + status,
                    status,
                    false,
                    response.headers().firstValue("Retry-After").orElse(null));
        }
    }

    /**
     * JSON to any endpoint, signed as Standard Webhooks specifies: an HMAC-SHA256 of {@code
     * id.timestamp.body}, so the receiver can check origin, integrity and freshness.
     */
    record SignedWebhookChannel(
            HttpClient http,
            URI url,
            byte[] key,
            @Nullable URI linkBase,
            JsonMapper json,
            Clock clock,
            Duration timeout)
            implements GroupChannel {

        @Override
        public String name() {
            return "webhook";
        }

        @Override
        public void deliver(GroupingEngine.Outgoing outgoing) throws Exception {
            byte[] body = json.writeValueAsBytes(WebhookBody.of(outgoing.id(), outgoing.message(), linkBase));
            String id = outgoing.id().toString();
            String timestamp = Long.toString(clock.instant().getEpochSecond());
            post(
                    http,
                    url,
                    timeout,
                    Map.of(
                            "webhook-id", id,
                            "webhook-timestamp", timestamp,
                            "webhook-signature", "v1," + sign(key, id, timestamp, body)),
                    body);
        }

        static String sign(byte[] key, String id, String timestamp, byte[] body) throws GeneralSecurityException {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(mac.doFinal(body));
        }
    }

    /**
     * A Slack incoming webhook, or anything that takes Slack's {@code {"text": ...}}, rendered by
     * {@link SlackText} (what came from outside escaped as Slack asks).
     */
    record SlackChannel(HttpClient http, URI url, @Nullable URI linkBase, JsonMapper json, Duration timeout)
            implements GroupChannel {

        @Override
        public String name() {
            return "slack";
        }

        @Override
        public void deliver(GroupingEngine.Outgoing outgoing) throws Exception {
            post(http, url, timeout, Map.of(), json.writeValueAsBytes(SlackText.body(outgoing.message(), linkBase)));
        }
    }

    /** Plain text mail (no HTML part, so nothing to inject markup into), rendered by {@link EmailText}. */
    record EmailChannel(
            JavaMailSender sender,
            AlertsProperties.Email email,
            @Nullable URI linkBase) implements GroupChannel {

        @Override
        public String name() {
            return "email";
        }

        @Override
        public void deliver(GroupingEngine.Outgoing outgoing) {
            SimpleMailMessage mail = new SimpleMailMessage();
            mail.setFrom(email.from());
            mail.setTo(email.to().toArray(String[]::new));
            mail.setSubject(EmailText.subject(outgoing.message()));
            mail.setText(EmailText.body(outgoing.message(), linkBase));
            sender.send(mail);
        }
    }
}
