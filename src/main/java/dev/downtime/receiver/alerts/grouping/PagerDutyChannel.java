package dev.downtime.receiver.alerts.grouping;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

/**
 * PagerDuty's Events API v2 ({@code receiver.alerts.pagerduty.*}). As PagerDuty's response codes
 * say: 202 is delivered; 400 is an invalid event, given up at once; 429 and 5xx are tried again,
 * no sooner than their {@code Retry-After}; anything else (a wrong URL, a proxy's answer) is tried
 * again too, in case the setting is being fixed.
 */
public final class PagerDutyChannel implements GroupChannel {

    /** Enough of an error answer to say what PagerDuty objected to. */
    private static final int ERROR_BODY_SHOWN = 500;

    private final HttpClient http;
    private final URI url;
    private final String routingKey;
    private final @Nullable URI linkBase;
    private final JsonMapper json;
    private final Duration timeout;

    /**
     * @param http a client that does not follow redirects (the routing key must not leave for
     *     another address)
     * @param timeout bounds waiting for the answer, as {@code receiver.alerts.send-timeout} does
     */
    public PagerDutyChannel(
            HttpClient http,
            PagerDutyProperties properties,
            @Nullable URI linkBase,
            JsonMapper json,
            Duration timeout) {
        if (!properties.enabled()) {
            throw new IllegalArgumentException("receiver.alerts.pagerduty.routing-key is not set");
        }
        this.http = http;
        this.url = properties.url();
        this.routingKey = Objects.requireNonNull(properties.routingKey()).strip();
        this.linkBase = linkBase;
        this.json = json;
        this.timeout = timeout;
    }

    @Override
    public String name() {
        return "pagerduty";
    }

    @Override
    public void deliver(GroupingEngine.Outgoing outgoing) throws DeliveryException, IOException, InterruptedException {
        byte[] body = json.writeValueAsBytes(PagerDutyEvent.of(outgoing.message(), routingKey, linkBase));
        HttpRequest request = HttpRequest.newBuilder(url)
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        int status = response.statusCode();
        String answer;
        try (InputStream in = response.body()) {
            answer = new String(in.readNBytes(ERROR_BODY_SHOWN), StandardCharsets.UTF_8);
        }
        if (status == 202) {
            return;
        }
        String retryAfter = response.headers().firstValue("Retry-After").orElse(null);
        throw new DeliveryException(
                "PagerDuty answered HTTP " + status
                        + (answer.isBlank() ? "" : ": " + PlainText.visible(answer.strip())),
                status,
                status == 400,
                retryAfter);
    }
}
