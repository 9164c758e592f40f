package dev.downtime.receiver.resilience;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * Many notifications posted at once by a fixed number of concurrent clients, as Monitor does in a
 * mass outage, with an action run in the middle.
 */
final class Burst {

    /** One request and what came back; status -1 when no answer came. */
    record Sent(int index, int status, String body, long nanos) {
        boolean acknowledged() {
            return status == 200;
        }
    }

    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();

    private Burst() {}

    /**
     * Posts {@code count} bodies to {@code webhook} from {@code clients} concurrent clients, each
     * pausing {@code pause} after each answer (so that the burst lasts long enough for what the
     * test does in its middle); after {@code trigger} answers, runs {@code action} on another thread.
     */
    static List<Sent> post(
            URI webhook, int count, int clients, Duration pause, IntFunction<String> body, int trigger, Runnable action)
            throws InterruptedException {
        List<Sent> sent = Collections.synchronizedList(new ArrayList<>(count));
        AtomicInteger next = new AtomicInteger();
        AtomicInteger answered = new AtomicInteger();
        Thread actionThread = Thread.ofVirtual().unstarted(action);
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int c = 0; c < clients; c++) {
                executor.submit(() -> {
                    for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                        sent.add(send(webhook, i, body.apply(i)));
                        if (answered.incrementAndGet() == trigger) {
                            actionThread.start();
                        }
                        try {
                            Thread.sleep(pause);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                });
            }
            executor.shutdown();
            executor.awaitTermination(5, TimeUnit.MINUTES);
        }
        if (actionThread.isAlive() || actionThread.getState() != Thread.State.NEW) {
            actionThread.join();
        }
        return sent;
    }

    private static Sent send(URI webhook, int index, String body) {
        long start = System.nanoTime();
        try {
            HttpResponse<String> response = HTTP.send(
                    HttpRequest.newBuilder(webhook)
                            .timeout(Duration.ofSeconds(30))
                            .POST(HttpRequest.BodyPublishers.ofString(body))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            return new Sent(index, response.statusCode(), response.body(), System.nanoTime() - start);
        } catch (IOException e) {
            return new Sent(index, -1, e.toString(), System.nanoTime() - start);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Sent(index, -1, "interrupted", System.nanoTime() - start);
        }
    }
}
