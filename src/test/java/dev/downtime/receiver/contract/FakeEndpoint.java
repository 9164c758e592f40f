package dev.downtime.receiver.contract;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * A webhook endpoint on loopback that answers as a test tells it to, right or wrong, and keeps
 * every request it got.
 */
final class FakeEndpoint implements AutoCloseable {

    record Request(String method, String path, @Nullable String contentType, String userAgent, String body) {}

    /** What to answer: a status and body, after {@code delay}; a {@code drip} sends the body a byte at a time. */
    record Answer(int status, String body, Duration delay, Duration drip) {

        static Answer of(int status, String body) {
            return new Answer(status, body, Duration.ZERO, Duration.ZERO);
        }

        Answer after(Duration delay) {
            return new Answer(status, body, delay, drip);
        }

        Answer dripping(Duration pause) {
            return new Answer(status, body, delay, pause);
        }
    }

    final List<Request> requests = new CopyOnWriteArrayList<>();

    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();

    FakeEndpoint(Function<Request, Answer> answers) {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(executor);
        server.createContext("/", exchange -> answer(exchange, answers));
        server.start();
    }

    static FakeEndpoint answering(Answer answer) {
        return new FakeEndpoint(request -> answer);
    }

    URI url(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    private void answer(HttpExchange exchange, Function<Request, Answer> answers) throws IOException {
        try (exchange) {
            Request request = new Request(
                    exchange.getRequestMethod(),
                    exchange.getRequestURI().getRawPath(),
                    exchange.getRequestHeaders().getFirst("Content-Type"),
                    exchange.getRequestHeaders().getFirst("User-Agent"),
                    new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            requests.add(request);
            Answer answer = answers.apply(request);
            Thread.sleep(answer.delay());
            byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(answer.status(), body.length == 0 ? -1 : body.length);
            OutputStream out = exchange.getResponseBody();
            if (answer.drip().isZero()) {
                out.write(body);
                return;
            }
            for (byte b : body) {
                out.write(b);
                out.flush();
                Thread.sleep(answer.drip());
            }
        } catch (InterruptedException | IOException gone) {
            // the check gave up on this answer and went away
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow(); // wakes the answers still sleeping
    }
}
