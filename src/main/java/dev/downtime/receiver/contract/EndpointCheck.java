package dev.downtime.receiver.contract;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;

/** Posts each variant to the endpoint, one after the other, and judges each answer by the {@link Contract}. */
final class EndpointCheck {

    static final String USER_AGENT = "downtime-receiver/0.1 (contract check)";

    /** The longest body read: a good answer is 20 bytes; past this it is no answer Monitor could use. */
    static final int MAX_BODY_BYTES = 4096;

    private final HttpClient http;
    private final Clock clock;
    private final Duration limit;

    EndpointCheck(Clock clock, Duration limit) {
        this.clock = clock;
        this.limit = limit;
        // HTTP/1.1 as a webhook sender speaks it (no h2c upgrade); redirects are answers, not
        // followed: Monitor expects the 200 from the URL it was given.
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(limit)
                .build();
    }

    List<Verdict> run(URI endpoint, List<Variant> variants) {
        return variants.stream().map(variant -> send(endpoint, variant)).toList();
    }

    Verdict send(URI endpoint, Variant variant) {
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint)
                .header("User-Agent", USER_AGENT)
                .POST(HttpRequest.BodyPublishers.ofString(variant.body(), StandardCharsets.UTF_8));
        if (variant.contentType() != null) {
            request.header("Content-Type", variant.contentType());
        }
        Instant sentAt = clock.instant();
        long start = System.nanoTime();
        CompletableFuture<HttpResponse<byte[]>> answer = http.sendAsync(
                request.build(),
                HttpResponse.BodyHandlers.limiting(HttpResponse.BodyHandlers.ofByteArray(), MAX_BODY_BYTES));
        try {
            // The whole answer, status line to the body's last byte, within the limit: a server that
            // sends its headers at once and drips the body is as late as one that says nothing.
            HttpResponse<byte[]> response = answer.get(limit.toNanos(), TimeUnit.NANOSECONDS);
            Duration latency = Duration.ofNanos(System.nanoTime() - start);
            String body = new String(response.body(), StandardCharsets.UTF_8);
            return new Verdict(
                    variant,
                    response.statusCode(),
                    body,
                    latency,
                    Contract.problems(response.statusCode(), body, latency, limit, sentAt));
        } catch (TimeoutException e) {
            answer.cancel(true);
            return noAnswer(variant, start, "no answer within " + Durations.human(limit));
        } catch (ExecutionException e) {
            return noAnswer(variant, start, describe(e.getCause() == null ? e : e.getCause()));
        } catch (InterruptedException e) {
            answer.cancel(true);
            Thread.currentThread().interrupt();
            return noAnswer(variant, start, "interrupted");
        }
    }

    private static Verdict noAnswer(Variant variant, long start, String problem) {
        return new Verdict(variant, null, null, Duration.ofNanos(System.nanoTime() - start), List.of(problem));
    }

    /** What went wrong, in the words of someone debugging an endpoint, not of a stack trace. */
    private String describe(Throwable failure) {
        return switch (failure) {
            case HttpConnectTimeoutException _ -> "could not connect within " + Durations.human(limit);
            case HttpTimeoutException _ -> "no answer within " + Durations.human(limit);
            case ConnectException e
            when e.getCause() instanceof UnresolvedAddressException -> "no answer: unknown host";
            case ConnectException _ -> "no answer: connection refused";
            case SSLException e -> "no answer: TLS failed (" + e.getMessage() + ")";
            case IOException e
            when e.getMessage() != null && e.getMessage().contains("exceed") ->
                "body longer than " + MAX_BODY_BYTES + " bytes";
            case IOException e ->
                "no answer: " + e.getClass().getSimpleName()
                        + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")");
            default -> "no answer: " + failure;
        };
    }
}
