package dev.downtime.receiver.alerts;

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

    @Bean
    List<AlertChannel> alertChannels(
            AlertsProperties properties, JsonMapper json, ObjectProvider<JavaMailSender> mail, Clock clock) {
        Duration timeout = properties.sendTimeout();
        HttpClient http = HttpClient.newBuilder()
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        List<AlertChannel> channels = new ArrayList<>();
        if (properties.webhook().url() != null) {
            channels.add(new SignedWebhookChannel(
                    http,
                    properties.webhook().url(),
                    signingKey(properties.webhook().secret()),
                    json,
                    clock,
                    timeout));
        }
        if (properties.slack().url() != null) {
            channels.add(new SlackChannel(http, properties.slack().url(), json, timeout));
        }
        if (!properties.email().to().isEmpty()) {
            JavaMailSender sender = mail.getIfAvailable();
            if (sender == null) {
                throw new IllegalStateException(
                        "receiver.alerts.email.to is set but no mail server is: set spring.mail.host");
            }
            withTimeouts(sender, timeout);
            channels.add(new EmailChannel(sender, properties.email()));
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
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException("answered HTTP " + response.statusCode());
        }
    }

    /**
     * JSON to any endpoint, signed as Standard Webhooks specifies: an HMAC-SHA256 of {@code
     * id.timestamp.body}, so the receiver can check origin, integrity and freshness.
     */
    record SignedWebhookChannel(HttpClient http, URI url, byte[] key, JsonMapper json, Clock clock, Duration timeout)
            implements AlertChannel {

        @Override
        public String name() {
            return "webhook";
        }

        @Override
        public void deliver(AlertMessage message) throws Exception {
            byte[] body = json.writeValueAsBytes(message);
            String id = message.id().toString();
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
     * A Slack incoming webhook, or anything that takes Slack's {@code {"text": ...}}. The text is
     * escaped as Slack asks ({@code &}, {@code <}, {@code >}), so that a crafted URL can neither
     * mention {@code <!channel>} nor render a link of its own ({@code <https://elsewhere|click>}).
     */
    record SlackChannel(HttpClient http, URI url, JsonMapper json, Duration timeout) implements AlertChannel {

        @Override
        public String name() {
            return "slack";
        }

        @Override
        public void deliver(AlertMessage message) throws Exception {
            String emoji = message.type().equals("incident.recovered") ? ":white_check_mark:" : ":rotating_light:";
            post(
                    http,
                    url,
                    timeout,
                    Map.of(),
                    json.writeValueAsBytes(Map.of("text", emoji + " " + escape(message.headline()))));
        }

        /** Slack's control characters, as its "Escaping text" rules say; nothing else is special in mrkdwn links and mentions. */
        static String escape(String text) {
            return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
        }
    }

    /**
     * Plain text mail (no HTML part, so nothing to inject markup into); the subject is the headline,
     * which holds no line break whatever the notification said, so it cannot add headers.
     */
    record EmailChannel(JavaMailSender sender, AlertsProperties.Email email) implements AlertChannel {

        @Override
        public String name() {
            return "email";
        }

        @Override
        public void deliver(AlertMessage message) {
            SimpleMailMessage mail = new SimpleMailMessage();
            mail.setFrom(email.from());
            mail.setTo(email.to().toArray(String[]::new));
            mail.setSubject("[downtime-receiver] " + message.headline());
            mail.setText(message.details());
            sender.send(mail);
        }
    }
}
